import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import nodemailer from "nodemailer";
import {
  createIntakeKit,
  type IntakeKit,
  plainMessage,
  TEAM_ADDRESS,
} from "../../test/support/intake.ts";
import { inboundMessages } from "../modules/intake/intake.tables.ts";
import { createIntakeDeps } from "../modules/intake/intake-deps.ts";
import { FileBlobStore } from "../platform/blobs/file-blob-store.ts";
import type { SmtpListener } from "../platform/smtp/smtp-listener.ts";
import { type IntakeSettings, startIntakeSmtp } from "./intake-config.ts";

/** Real SMTP on loopback: STARTTLS with an OpenSSL certificate, RCPT checks, size limit, durability. */
let kit: IntakeKit;
let smtp: SmtpListener;
let certPem: string;
let tlsDir: string;

function settings(overrides: Partial<IntakeSettings> = {}): IntakeSettings {
  return {
    smtpHost: "127.0.0.1",
    smtpPort: 0,
    maxBytes: 64 * 1024,
    tlsCertFile: join(tlsDir, "cert.pem"),
    tlsKeyFile: join(tlsDir, "key.pem"),
    ...overrides,
  };
}

before(async () => {
  kit = await createIntakeKit();
  tlsDir = mkdtempSync(join(tmpdir(), "vigil-smtp-tls-"));
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=localhost",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-keyout",
      join(tlsDir, "key.pem"),
      "-out",
      join(tlsDir, "cert.pem"),
    ],
    { stdio: "ignore" },
  );
  certPem = readFileSync(join(tlsDir, "cert.pem"), "utf8");
  smtp = await startIntakeSmtp(kit.deps, settings(), () => {});
});
after(async () => {
  await smtp?.close();
  await kit?.close();
  rmSync(tlsDir, { recursive: true, force: true });
});

const client = (port: number, tls = true) =>
  nodemailer.createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    ...(tls
      ? { requireTLS: true, tls: { ca: certPem, servername: "localhost" } }
      : { ignoreTLS: true }),
  });

describe("SMTP intake on loopback", () => {
  test("STARTTLS, then 250 only once the message row is committed", async () => {
    const raw = plainMessage({ subject: "Over SMTP", messageId: "smtp-1@example.net" });
    const info = await client(smtp.port).sendMail({
      envelope: { from: "reporter@example.net", to: [TEAM_ADDRESS] },
      raw,
    });
    assert.match(info.response, /^250 2\.0\.0 Ok: stored as [0-9a-f-]{36}/);
    const id = /stored as ([0-9a-f-]{36})/.exec(info.response)?.[1] as string;
    const [row] = await kit.t.db.select().from(inboundMessages).where(eq(inboundMessages.id, id));
    assert.equal(row?.sourceKind, "smtp");
    assert.equal(row?.messageId, "smtp-1@example.net");
    assert.equal(row?.remoteAddress?.endsWith("127.0.0.1"), true);
    assert.equal(await kit.deps.blobStore.has(row?.rawSha256 as string), true);
    const again = await client(smtp.port).sendMail({
      envelope: { from: "reporter@example.net", to: [TEAM_ADDRESS] },
      raw,
    });
    assert.match(
      again.response,
      new RegExp(`stored as ${id}`),
      "a retried delivery is the same message",
    );
  });

  test("unknown recipients are refused at RCPT with 550 5.1.1", async () => {
    await assert.rejects(
      client(smtp.port).sendMail({
        envelope: { from: "reporter@example.net", to: ["nobody@team.example"] },
        raw: plainMessage({ subject: "Lost" }),
      }),
      (err: { responseCode?: number; response?: string }) =>
        err.responseCode === 550 && /5\.1\.1/.test(err.response ?? ""),
    );
  });

  test("a message over VIGIL_SMTP_MAX_BYTES is refused with 552", async () => {
    await assert.rejects(
      client(smtp.port).sendMail({
        envelope: { from: "reporter@example.net", to: [TEAM_ADDRESS] },
        raw: plainMessage({ subject: "Huge", body: "x".repeat(100 * 1024) }),
      }),
      (err: { responseCode?: number }) => err.responseCode === 552,
    );
  });

  test("when storage fails the client gets 451 and nothing is recorded", async () => {
    const broken = createIntakeDeps({
      db: kit.t.db,
      blobStore: new FileBlobStore({ root: "/dev/null/blobs" }),
      keyPassphrase: kit.keyPassphrase,
    });
    const failing = await startIntakeSmtp(
      broken,
      settings({ tlsCertFile: null, tlsKeyFile: null }),
      () => {},
    );
    try {
      await assert.rejects(
        client(failing.port, false).sendMail({
          envelope: { from: "reporter@example.net", to: [TEAM_ADDRESS] },
          raw: plainMessage({ subject: "Disk full", messageId: "disk-full@example.net" }),
        }),
        (err: { responseCode?: number; response?: string }) =>
          err.responseCode === 451 && /^451 4\.3\.0/.test(err.response ?? ""),
      );
      const rows = await kit.t.db
        .select()
        .from(inboundMessages)
        .where(eq(inboundMessages.messageId, "disk-full@example.net"));
      assert.equal(rows.length, 0);
    } finally {
      await failing.close();
    }
  });
});
