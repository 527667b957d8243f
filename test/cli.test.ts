import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openDatabase } from "../src/platform/db/client.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-database.ts";

const ROOT = join(import.meta.dirname, "..");
const MAIN = join(ROOT, "src/cli/main.ts");

let dataDir: string;
let testDb: TestDatabase | undefined;
let server: ChildProcess | undefined;
let baseUrl = "";
let env: NodeJS.ProcessEnv;

function cli(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [MAIN, ...args, "--data-dir", dataDir], {
    env,
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function startServer(): Promise<string> {
  server = spawn(
    process.execPath,
    [MAIN, "start", "--http-port", "0", "--smtp-port", "0", "--data-dir", dataDir],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    server?.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /API:\s+(http:\/\/\S+)\/api /.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    server?.stderr?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    server?.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
}

function stopServer(): Promise<number | null> {
  return new Promise((resolve) => {
    if (!server || server.exitCode !== null) return resolve(server?.exitCode ?? null);
    server.removeAllListeners("exit");
    server.once("exit", (code) => resolve(code));
    server.kill("SIGTERM");
  });
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "vigil-cli-"));
  env = { ...process.env, VIGIL_HTTP_HOST: "127.0.0.1", VIGIL_LOG_LEVEL: "warn" };
  if (process.env.DATABASE_URL) {
    testDb = await createTestDatabase({ migrate: false });
    await testDb.database.close();
    env.DATABASE_URL = testDb.url;
  }
  baseUrl = await startServer();
});

after(async () => {
  await stopServer();
  if (testDb) {
    await testDb.cleanup().catch(() => {});
  }
  rmSync(dataDir, { recursive: true, force: true });
});

test("a newcomer follows the printed instructions while the server runs", async () => {
  const health = await fetch(`${baseUrl}/api/health`);
  assert.equal(health.status, 200);

  const added = cli(
    ["user", "add", "--email", "Lead@Example.org", "--role", "admin", "--password-stdin"],
    "correct horse battery staple\n",
  );
  assert.equal(added.code, 0, added.stderr);
  assert.match(added.stdout, /Created admin lead@example\.org/);

  const generated = cli(["user", "add", "--email", "h@example.org", "--role", "handler"]);
  assert.equal(generated.code, 0, generated.stderr);
  assert.match(generated.stdout, /Password \(shown once\): \S{20,}/);

  const token = cli(["token", "create", "--email", "lead@example.org"]);
  assert.equal(token.code, 0, token.stderr);
  const lines = token.stdout.trim().split("\n");
  assert.equal(lines.length, 1, "token create prints only the token");
  assert.match(lines[0] ?? "", /^vgt_[A-Za-z0-9_-]{40,}$/);

  const created = await fetch(`${baseUrl}/api/incidents`, {
    method: "POST",
    headers: { authorization: `Bearer ${lines[0]}`, "content-type": "application/json" },
    body: JSON.stringify({
      title: "C2 beacon",
      description: "seen by SOC",
      severity: "high",
      tlp: "amber",
    }),
  });
  assert.equal(created.status, 201);
  const incident = (await created.json()) as { id: string; ref: number; tlp: string };
  assert.equal(incident.tlp, "AMBER");

  const listed = cli(["incidents", "list", "--json"]);
  assert.equal(listed.code, 0, listed.stderr);
  const page = JSON.parse(listed.stdout) as { items: { id: string }[] };
  assert.ok(page.items.some((i) => i.id === incident.id));

  const moved = cli(["incidents", "status", String(incident.ref), "--to", "triage", "--json"]);
  assert.equal(moved.code, 0, moved.stderr);
  assert.equal(JSON.parse(moved.stdout).status, "triage");

  const report = cli(["reports", "create", "--subject", "Phishing wave", "--urgent", "--json"]);
  assert.equal(report.code, 0, report.stderr);
  const reports = JSON.parse(cli(["reports", "list", "--json"]).stdout) as { items: unknown[] };
  assert.equal(reports.items.length, 1);

  const bad = cli(["incidents", "status", String(incident.ref), "--to", "resolved"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /INVALID_TRANSITION/);

  const verify = cli(["audit", "verify"]);
  assert.equal(verify.code, 0, verify.stderr);
  assert.match(verify.stdout, /Audit chain intact/);
});

test("a second server on the same data directory is refused clearly", {
  skip: !!process.env.DATABASE_URL,
}, () => {
  const second = spawnSync(
    process.execPath,
    [MAIN, "start", "--http-port", "0", "--data-dir", dataDir],
    {
      env,
      encoding: "utf8",
      timeout: 60_000,
    },
  );
  assert.equal(second.status, 1);
  assert.match(second.stderr, /in use by process \d+/);
});

test("after stop, the CLI opens the data directory itself and audit verify catches tampering", async () => {
  const code = await stopServer();
  assert.equal(code, 0);
  assert.equal(existsSync(join(dataDir, "vigil.pid")), false, "lock released");
  assert.equal(existsSync(join(dataDir, "vigil.sock")), false, "socket removed");

  const listed = cli(["incidents", "list", "--json"]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.equal((JSON.parse(listed.stdout) as { items: unknown[] }).items.length, 1);

  const database = await openDatabase(
    testDb?.url ? { url: testDb.url } : { dataDir: join(dataDir, "pg") },
  );
  try {
    await database.withRawTransaction(async (raw) => {
      await raw.exec("ALTER TABLE audit_log DISABLE TRIGGER USER");
      await raw.exec("UPDATE audit_log SET actor_label = 'someone-else' WHERE seq = 3");
      await raw.exec("ALTER TABLE audit_log ENABLE TRIGGER USER");
    });
  } finally {
    await database.close();
  }
  const verify = cli(["audit", "verify"]);
  assert.equal(verify.code, 1);
  assert.match(verify.stderr, /BROKEN at record #3/);
});
