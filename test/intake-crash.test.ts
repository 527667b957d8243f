import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import nodemailer from "nodemailer";
import { openDatabase, queryRows, sql } from "../src/platform/db/client.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-database.ts";

/**
 * Crash safety of SMTP intake: a stream of messages to a child-process Vigil
 * that is killed with SIGKILL mid-stream. Every message that got 250 must be
 * there exactly once after a restart.
 */
const MAIN = join(import.meta.dirname, "..", "src/cli/main.ts");
let dataDir: string;
let env: NodeJS.ProcessEnv;
let testDb: TestDatabase | undefined;
let child: ChildProcess | undefined;

function start(): Promise<number> {
  child = spawn(
    process.execPath,
    [MAIN, "start", "--roles", "smtp", "--smtp-port", "0", "--data-dir", dataDir],
    {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`no SMTP banner:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const port = /SMTP:\s+127\.0\.0\.1:(\d+)/.exec(out)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(Number(port));
      }
    };
    child?.stdout?.on("data", onData);
    child?.stderr?.on("data", onData);
    child?.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}`));
    });
  });
}

function exited(proc: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
    proc.removeAllListeners("exit");
    proc.once("exit", () => resolve());
  });
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "vigil-crash-"));
  env = {
    ...process.env,
    VIGIL_SMTP_HOST: "127.0.0.1",
    VIGIL_LOG_LEVEL: "warn",
    VIGIL_SECRET_KEY: "crash-test-instance-secret-0123456789abcdef",
  };
  if (process.env.DATABASE_URL) {
    testDb = await createTestDatabase({ migrate: false });
    await testDb.database.close();
    env.DATABASE_URL = testDb.url;
  }
  const added = spawnSync(
    process.execPath,
    [MAIN, "intake", "address", "add", "cert@crash.example", "--data-dir", dataDir],
    {
      env,
      encoding: "utf8",
      timeout: 120_000,
    },
  );
  assert.equal(added.status, 0, added.stderr);
});

after(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill("SIGKILL");
    await exited(child);
  }
  await testDb?.cleanup().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

test("every message answered 250 before kill -9 is stored exactly once after restart", async () => {
  const port = await start();
  const acknowledged = new Set<string>();
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port,
    ignoreTLS: true,
    pool: true,
    maxConnections: 4,
  });
  let sent = 0;
  let killed = false;
  const sender = async (lane: number) => {
    for (let i = 0; !killed; i++) {
      const id = `crash-${lane}-${i}@example.net`;
      sent++;
      try {
        await transport.sendMail({
          envelope: { from: "reporter@example.net", to: ["cert@crash.example"] },
          raw: `From: reporter@example.net\r\nTo: cert@crash.example\r\nSubject: stream ${lane}/${i}\r\nMessage-ID: <${id}>\r\n\r\nbody ${i}\r\n`,
        });
        acknowledged.add(id);
      } catch {
        // After the kill: refused or cut off, so never acknowledged.
      }
    }
  };
  const lanes = [0, 1, 2, 3].map(sender);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  (child as ChildProcess).kill("SIGKILL");
  killed = true;
  await exited(child as ChildProcess);
  await Promise.all(lanes);
  transport.close();
  assert.ok(
    acknowledged.size >= 5,
    `only ${acknowledged.size} messages were accepted before the kill`,
  );

  // The restart recovers the database and holds the data directory again.
  await start();
  child?.kill("SIGTERM");
  await exited(child as ChildProcess);

  const database = await openDatabase(
    process.env.DATABASE_URL ? { url: testDb?.url } : { dataDir: join(dataDir, "pg") },
  );
  try {
    const rows = await queryRows<{ message_id: string; n: number }>(
      database.db,
      sql`SELECT message_id, count(*)::int AS n FROM inbound_messages GROUP BY message_id`,
    );
    const counts = new Map(rows.map((r) => [r.message_id, r.n]));
    for (const id of acknowledged)
      assert.equal(counts.get(id), 1, `${id} got 250 and is stored once`);
    assert.ok(
      rows.every((r) => r.n === 1),
      "no message is stored twice",
    );
    process.stdout.write(
      `# crash test: ${sent} sent, ${acknowledged.size} acknowledged, ${rows.length} stored\n`,
    );
  } finally {
    await database.close();
  }
});
