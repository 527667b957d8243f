import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import type { PrivateKey, PublicKey } from "openpgp";
import { SMTPServer } from "smtp-server";
import { createGnuPG, type GnuPG } from "../../../test/support/gnupg.ts";
import { createTestDatabase, type TestDatabase } from "../../../test/support/test-database.ts";
import type { Db } from "../db/client.ts";
import { JobWorker } from "../jobs/job-worker.ts";
import { jobs } from "../jobs/jobs.tables.ts";
import { generateKeyPair, readPublicKey, unlockSecretKey } from "../pgp/pgp-keys.ts";
import { outboundMessages } from "./mail.tables.ts";
import { composePlainMessage, type MailHeaders } from "./mime.ts";
import { composeEncryptedMessage, composeSignedMessage } from "./pgp-mime.ts";
import { enqueueMailSend, MAIL_SEND_JOB, queueOutboundMessage } from "./queue-outbound-message.ts";
import { mailSendJob, requeueUnrelayedMessages } from "./send-outbound-message.ts";

interface Received {
  from: string;
  to: string[];
  raw: string;
}

let testDb: TestDatabase;
let db: Db;
let gpg: GnuPG;
let relay: SMTPServer;
let relayUrl: string;
const received: Received[] = [];
let teamKey: PrivateKey;
let teamFingerprint: string;
let peerKey: PublicKey;

before(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  gpg = createGnuPG();
  const pair = await generateKeyPair({
    userIds: [{ name: "Example CERT", email: "cert@example.org" }],
    passphrase: "at rest",
  });
  teamKey = await unlockSecretKey(pair.armoredSecret, "at rest");
  teamFingerprint = pair.info.fingerprint;
  gpg.importKey(pair.armoredPublic);
  peerKey = await readPublicKey(gpg.generateKey("reporter@example.net").armoredPublic);

  relay = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith("bounce")) {
        return callback(Object.assign(new Error("No such user"), { responseCode: 550 }));
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  relayUrl = `smtp://127.0.0.1:${(relay.server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => relay?.close(() => resolve()));
  gpg?.cleanup();
  await testDb?.cleanup();
});

const headers = (to = "reporter@example.net"): MailHeaders => ({
  from: { name: "Example CERT", address: "cert@example.org" },
  to: [{ name: "Reporter", address: to }],
  subject: "Re: [VIGIL #1042] Phishing — your report",
});
const body =
  "Thank you for your report.\n\nFrom now on we track it as #1042.\nÜmlaut, trailing space \n";

async function outbound(id: string) {
  const [row] = await db.select().from(outboundMessages).where(eq(outboundMessages.id, id));
  assert.ok(row);
  return row;
}

async function deliver(options = { relayUrl: relayUrl as string | null }): Promise<void> {
  await new JobWorker(db, [mailSendJob(db, options)]).drain();
}

/** Splits a received multipart message on its outer boundary, exactly as RFC 2046 says. */
function outerParts(raw: string): string[] {
  const boundary = /boundary="([^"]+)"/.exec(raw)?.[1];
  assert.ok(boundary, "a multipart message");
  const sections = raw.split(`\r\n--${boundary}`);
  return sections.slice(1, -1).map((s) => s.replace(/^\r\n/, ""));
}

const bodyOf = (part: string) => part.slice(part.indexOf("\r\n\r\n") + 4);

describe("mail.send.v1 over real SMTP on loopback", () => {
  test("a multipart/signed message arrives once, and GnuPG verifies the signed part", async () => {
    const before = received.length;
    const message = await composeSignedMessage(
      headers(),
      {
        text: body,
        attachments: [
          {
            filename: "indicators.csv",
            contentType: "text/csv",
            content: Buffer.from("ip\n198.51.100.7\n"),
          },
        ],
      },
      teamKey,
    );
    const id = await db.transaction((tx) => queueOutboundMessage(tx, message));
    await deliver();
    await deliver();
    assert.equal(received.length, before + 1, "delivered exactly once");
    const mail = received.at(-1) as Received;
    assert.deepEqual([mail.from, mail.to], ["cert@example.org", ["reporter@example.net"]]);
    assert.match(
      mail.raw,
      /^Content-Type: multipart\/signed; boundary="[^"]+"; micalg=pgp-sha512;\r\n protocol="application\/pgp-signature"/m,
    );
    assert.match(mail.raw, /^Message-ID: <[0-9a-f-]+@example\.org>\r$/m);
    assert.match(
      mail.raw,
      /^Subject: Re: \[VIGIL #1042\] Phishing =\?UTF-8\?Q\?=E2=80=94\?= your report\r$/m,
    );

    const [signedPart, signaturePart] = outerParts(mail.raw);
    assert.ok(signedPart && signaturePart);
    assert.match(signaturePart, /^Content-Type: application\/pgp-signature/);
    assert.doesNotMatch(
      signedPart.replace(/\r\n/g, ""),
      /\n/,
      "the signed part is CRLF throughout",
    );
    const result = gpg.run([
      "--verify",
      gpg.file("mail.sig.asc", bodyOf(signaturePart)),
      gpg.file("mail.signed", signedPart),
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.status.some((l) => l.startsWith(`[GNUPG:] VALIDSIG ${teamFingerprint} `)));
    assert.match(signedPart, /=46rom now on/, "an mbox-style From line cannot be mangled");
    assert.match(signedPart, /filename=indicators\.csv|filename="indicators\.csv"/);

    const row = await outbound(id);
    assert.equal(row.status, "sent");
    assert.equal(row.attempts, 1);
    assert.ok(row.sentAt);
    assert.equal(row.messageId, message.messageId);
  });

  test("a multipart/encrypted message: GnuPG decrypts it and finds the team's signature", async () => {
    const before = received.length;
    const message = await composeEncryptedMessage(headers(), { text: body }, teamKey, [peerKey]);
    await db.transaction((tx) => queueOutboundMessage(tx, message));
    await deliver();
    assert.equal(received.length, before + 1);
    const raw = (received.at(-1) as Received).raw;
    assert.match(
      raw,
      /^Content-Type: multipart\/encrypted; boundary="[^"]+";\r\n protocol="application\/pgp-encrypted"/m,
    );
    assert.doesNotMatch(raw, /Thank you for your report/, "the body is not readable in transit");
    const [version, encrypted] = outerParts(raw);
    assert.match(version ?? "", /^Content-Type: application\/pgp-encrypted\r\n[\s\S]*Version: 1/);
    const result = gpg.run(["--decrypt"], bodyOf(encrypted ?? ""));
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.status.some((l) => l.startsWith(`[GNUPG:] VALIDSIG ${teamFingerprint} `)));
    const inner = result.stdout.toString("utf8");
    assert.match(
      inner,
      /^Content-Type: text\/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nThank you for your report\./,
    );
    assert.match(inner, /=C3=9Cmlaut, trailing space=20/);
  });

  test("without a relay a message waits as no-relay, and goes out once one is configured", async () => {
    const before = received.length;
    const id = await db.transaction((tx) =>
      queueOutboundMessage(tx, composePlainMessage(headers(), { text: "later" })),
    );
    await deliver({ relayUrl: null });
    assert.equal((await outbound(id)).status, "no-relay");
    assert.equal(received.length, before);
    assert.equal(await requeueUnrelayedMessages(db), 1);
    await deliver();
    assert.equal((await outbound(id)).status, "sent");
    assert.equal(received.length, before + 1);
    assert.equal(await requeueUnrelayedMessages(db), 0);
  });

  test("a duplicate job or a second worker never sends a message twice", async () => {
    const before = received.length;
    const id = await db.transaction((tx) =>
      queueOutboundMessage(tx, composePlainMessage(headers(), { text: "once" })),
    );
    await enqueueMailSend(db, id, "duplicate");
    await Promise.all([deliver(), deliver()]);
    await deliver();
    assert.equal(received.length, before + 1);
    assert.equal((await outbound(id)).attempts, 1);
  });

  test("a message left 'sending' by a dead worker is retried later, then re-sent after its lease", async () => {
    const id = await db.transaction((tx) =>
      queueOutboundMessage(tx, composePlainMessage(headers(), { text: "orphan" })),
    );
    await db
      .update(outboundMessages)
      .set({ status: "sending", sendingSince: new Date() })
      .where(eq(outboundMessages.id, id));
    const before = received.length;
    await deliver();
    assert.equal(received.length, before, "a fresh claim by another worker is respected");
    const [job] = await db
      .select()
      .from(jobs)
      .where(eq(jobs.dedupeKey, `${id}:first`));
    assert.equal(job?.status, "queued", "the job looks again later");

    await db
      .update(outboundMessages)
      .set({ sendingSince: new Date(Date.now() - 3_600_000) })
      .where(eq(outboundMessages.id, id));
    await db
      .update(jobs)
      .set({ runAt: new Date(0) })
      .where(eq(jobs.dedupeKey, `${id}:first`));
    await deliver();
    assert.equal(received.length, before + 1);
    assert.equal((await outbound(id)).status, "sent");
  });

  test("a permanent rejection fails the message; an unreachable relay keeps it queued for retry", async () => {
    const bounced = await db.transaction((tx) =>
      queueOutboundMessage(tx, composePlainMessage(headers("bounce@example.net"), { text: "x" })),
    );
    await deliver();
    const failed = await outbound(bounced);
    assert.equal(failed.status, "failed");
    assert.match(failed.lastError ?? "", /550|No such user/);
    const [deadJob] = await db
      .select()
      .from(jobs)
      .where(eq(jobs.dedupeKey, `${bounced}:first`));
    assert.equal(deadJob?.status, "dead");

    const id = await db.transaction((tx) =>
      queueOutboundMessage(tx, composePlainMessage(headers(), { text: "y" })),
    );
    await deliver({ relayUrl: "smtp://127.0.0.1:1" });
    const waiting = await outbound(id);
    assert.equal(waiting.status, "queued");
    assert.ok(waiting.lastError);
    const [job] = await db
      .select()
      .from(jobs)
      .where(eq(jobs.dedupeKey, `${id}:first`));
    assert.equal(job?.status, "queued");
    assert.equal(job?.name, MAIL_SEND_JOB);
  });
});
