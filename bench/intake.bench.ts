import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { startIntakeSmtp } from "../src/app/intake-config.ts";
import { localOperator } from "../src/modules/identity/actor.ts";
import { addIntakeAddress } from "../src/modules/intake/add-intake-address.ts";
import { createIntakeDeps } from "../src/modules/intake/intake-deps.ts";
import { FileBlobStore } from "../src/platform/blobs/file-blob-store.ts";
import { openDatabase, queryRows, sql } from "../src/platform/db/client.ts";
import { migrate } from "../src/platform/db/migrate.ts";
import { generateKeyPair, unlockSecretKey } from "../src/platform/pgp/pgp-keys.ts";
import { cleartextSign } from "../src/platform/pgp/pgp-messages.ts";
import { createTestDatabase } from "../test/support/test-database.ts";

const TOTAL = Number(process.env.INTAKE_BENCH_MESSAGES ?? 2000);
const CONNECTIONS = Number(process.env.INTAKE_BENCH_CONNECTIONS ?? 8);
const TO = "cert@bench.example";

/** Sends every message over `CONNECTIONS` pooled SMTP connections; returns messages/s. */
async function blast(port: number, messages: string[]): Promise<number> {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port,
    ignoreTLS: true,
    pool: true,
    maxConnections: CONNECTIONS,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (next < messages.length) {
        const raw = messages[next++] as string;
        const info = await transport.sendMail({
          envelope: { from: "reporter@example.net", to: [TO] },
          raw,
        });
        if (!info.response.startsWith("250")) throw new Error(info.response);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  transport.close();
  return messages.length / seconds;
}

/**
 * `npm run bench -- intake`: N PGP-signed messages over loopback SMTP with
 * several connections, accepted durably by Vigil (blob fsynced, row committed
 * before 250), against a bare smtp-server that discards the data, in the same run.
 */
export async function intakeBenchmark(): Promise<void> {
  const pair = await generateKeyPair({
    userIds: [{ name: "Reporter", email: "reporter@example.net" }],
    passphrase: "bench",
  });
  const key = await unlockSecretKey(pair.armoredSecret, "bench");
  const body = await cleartextSign(
    "Phishing campaign from 198.51.100.7 against our customers, TLP:AMBER.\n".repeat(8),
    key,
  );
  const run = Date.now();
  const messages = (prefix: string) =>
    Array.from({ length: TOTAL }, (_, i) =>
      [
        "From: Reporter <reporter@example.net>",
        `To: ${TO}`,
        `Subject: Report ${i}`,
        `Message-ID: <${prefix}-${run}-${i}@example.net>`,
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "",
        body,
      ].join("\r\n"),
    );

  const bare = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    size: 25 * 1024 * 1024,
    onData(stream, _session, callback) {
      stream.on("data", () => {});
      stream.on("end", () => callback(null, "2.0.0 Ok: discarded"));
    },
  });
  await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
  const barePort = (bare.server.address() as AddressInfo).port;

  const dir = mkdtempSync(join(tmpdir(), "vigil-intake-bench-"));
  const testDb = process.env.DATABASE_URL ? await createTestDatabase() : null;
  const database = testDb?.database ?? (await openDatabase({ dataDir: join(dir, "pg") }));
  if (!testDb) await migrate(database);
  await addIntakeAddress(database.db, { actor: localOperator, address: TO });
  const deps = createIntakeDeps({
    db: database.db,
    blobStore: new FileBlobStore({ root: join(dir, "blobs") }),
    keyPassphrase: () => "bench-passphrase",
  });
  const smtp = await startIntakeSmtp(
    deps,
    {
      smtpHost: "127.0.0.1",
      smtpPort: 0,
      maxBytes: 25 * 1024 * 1024,
      tlsCertFile: null,
      tlsKeyFile: null,
    },
    (err) => process.stderr.write(`smtp: ${err.message}\n`),
  );
  try {
    await blast(barePort, messages("warm").slice(0, 100));
    await blast(smtp.port, messages("warm").slice(0, 100));
    const bareRate = await blast(barePort, messages("bare"));
    const vigilRate = await blast(smtp.port, messages("vigil"));
    const [stored] = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM inbound_messages WHERE message_id LIKE ${`vigil-${run}-%`}`,
    );
    if (stored?.n !== TOTAL) throw new Error(`stored ${stored?.n} of ${TOTAL}`);
    const size = Buffer.byteLength(messages("x")[0] as string);
    process.stdout.write(
      `${TOTAL} PGP-signed messages (${size} bytes), ${CONNECTIONS} connections, ${database.kind}\n` +
        `  bare smtp-server (discard): ${bareRate.toFixed(0).padStart(6)} msg/s\n` +
        `  Vigil (durable accept):     ${vigilRate.toFixed(0).padStart(6)} msg/s\n` +
        `  ratio bare/Vigil:           ${(bareRate / vigilRate).toFixed(2)}x\n`,
    );
  } finally {
    await smtp.close();
    await new Promise<void>((resolve) => bare.close(() => resolve()));
    if (testDb) await testDb.cleanup();
    else await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
