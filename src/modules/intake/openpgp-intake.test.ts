import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { createGnuPG, type GnuPG } from "../../../test/support/gnupg.ts";
import { createIntakeKit, type IntakeKit, TEAM_ADDRESS } from "../../../test/support/intake.ts";
import { JobWorker } from "../../platform/jobs/job-worker.ts";
import { mailSendJob } from "../../platform/mail/send-outbound-message.ts";
import { reports } from "../reports/reports.tables.ts";
import { acknowledgeInboundMessage } from "./acknowledge-inbound-message.ts";
import { inboundMessages } from "./intake.tables.ts";

/**
 * Interoperability both ways, with fixtures made by GnuPG in the test: Vigil
 * decrypts and verifies what GnuPG produced, and GnuPG decrypts and verifies
 * Vigil's acknowledgement as delivered by a real SMTP relay on loopback.
 */
let kit: IntakeKit;
let reporter: GnuPG; // the reporter's GnuPG home: their key, the team's public keys
let stranger: GnuPG; // someone whose key Vigil does not know
let reporterFpr: string;
let teamCurveFpr: string;
let teamRsaFpr: string;
let relay: SMTPServer;
let relayUrl: string;
const relayed: string[] = [];

function must(gpg: GnuPG, args: string[], input?: string) {
  const result = gpg.run(args, input);
  assert.equal(result.code, 0, result.stderr);
  return result.stdout.toString("utf8");
}

before(async () => {
  kit = await createIntakeKit();
  reporter = createGnuPG();
  stranger = createGnuPG();
  const team = createGnuPG();
  try {
    const curve = team.generateKey(TEAM_ADDRESS);
    teamCurveFpr = curve.fingerprint;
    must(team, [
      "--quick-generate-key",
      "Team RSA <rsa-cert@team.example>",
      "rsa2048",
      "sign",
      "1y",
    ]);
    const listed = must(team, ["--with-colons", "--list-keys", "rsa-cert@team.example"]);
    teamRsaFpr = /^fpr:+([0-9A-F]{40}):/m.exec(listed)?.[1] as string;
    must(team, ["--quick-add-key", teamRsaFpr, "rsa2048", "encr", "1y"]);
    await kit.importTeamKey(curve.armoredSecret);
    await kit.importTeamKey(must(team, ["--armor", "--export-secret-keys", teamRsaFpr]));
    reporter.importKey(curve.armoredPublic);
    reporter.importKey(must(team, ["--armor", "--export", teamRsaFpr]));
  } finally {
    team.cleanup();
  }
  const own = reporter.generateKey("reporter@example.net");
  reporterFpr = own.fingerprint;
  await kit.importContactKey(own.armoredPublic);
  stranger.generateKey("stranger@example.net");

  relay = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        relayed.push(Buffer.concat(chunks).toString("utf8"));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
  relayUrl = `smtp://127.0.0.1:${(relay.server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise<void>((resolve) => (relay ? relay.close(() => resolve()) : resolve()));
  reporter?.cleanup();
  stranger?.cleanup();
  await kit?.close();
});

let n = 0;
function envelope(
  subject: string,
  contentType: string[],
  body: string,
  extra: string[] = [],
): string {
  n++;
  return [
    "From: Rita Reporter <reporter@example.net>",
    `To: ${TEAM_ADDRESS}`,
    `Subject: ${subject}`,
    `Message-ID: <pgp-${n}-${Date.now()}@example.net>`,
    "MIME-Version: 1.0",
    ...extra,
    ...contentType,
    "",
    body,
    "",
  ].join("\r\n");
}

const entity = (text: string) =>
  `Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${text}\r\n`;

function pgpMimeEncrypted(armored: string, subject: string, extra: string[] = []): string {
  return envelope(
    subject,
    ['Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc"'],
    [
      "--enc",
      "Content-Type: application/pgp-encrypted",
      "",
      "Version: 1",
      "--enc",
      'Content-Type: application/octet-stream; name="encrypted.asc"',
      "",
      armored.trim(),
      "--enc--",
    ].join("\r\n"),
    extra,
  );
}

function pgpMimeSigned(signer: GnuPG, content: string, subject: string, tamper = false): string {
  const signature = must(signer, ["--armor", "--detach-sign", "--digest-algo", "SHA256"], content);
  return envelope(
    subject,
    [
      'Content-Type: multipart/signed; micalg=pgp-sha256; protocol="application/pgp-signature"; boundary="sig"',
    ],
    [
      "--sig",
      tamper ? content.replace("affected", "unaffected") : content,
      "--sig",
      'Content-Type: application/pgp-signature; name="signature.asc"',
      "",
      signature.trim(),
      "--sig--",
    ].join("\r\n"),
  );
}

async function stored(id: string) {
  const [row] = await kit.t.db.select().from(inboundMessages).where(eq(inboundMessages.id, id));
  assert.ok(row);
  return row;
}

describe("OpenPGP intake: Vigil reads what GnuPG wrote", () => {
  test("PGP/MIME signed and encrypted to the Curve25519 team key: decrypted, valid signature", async () => {
    const armored = must(
      reporter,
      ["--armor", "--encrypt", "--sign", "-r", teamCurveFpr, "-u", reporterFpr],
      entity("Confidential report TLP:AMBER — the server at 192.0.2.10 is compromised."),
    );
    const result = await kit.ingest(pgpMimeEncrypted(armored, "Encrypted report"));
    const row = await stored(result.messageId);
    assert.equal(row.encrypted, true);
    assert.equal(row.decrypted, true);
    assert.equal(row.signature, "valid");
    assert.equal(row.signerFingerprint, reporterFpr);
    assert.match(row.bodyText, /Confidential report TLP:AMBER — the server/);
    const [report] = await kit.t.db
      .select()
      .from(reports)
      .where(eq(reports.id, result.reportId as string));
    assert.equal(report?.tlp, "AMBER");
    assert.match(report?.summary ?? "", /192\.0\.2\.10/);
  });

  test("PGP/MIME encrypted to the RSA team key, unsigned: decrypted, no signature", async () => {
    const armored = must(reporter, ["--armor", "--encrypt", "-r", teamRsaFpr], entity("RSA only"));
    const row = await stored((await kit.ingest(pgpMimeEncrypted(armored, "RSA"))).messageId);
    assert.deepEqual([row.encrypted, row.decrypted, row.signature], [true, true, "none"]);
    assert.match(row.bodyText, /RSA only/);
  });

  test("RFC 3156 §6.1: a multipart/signed entity inside the encryption is verified too", async () => {
    const signedInner = pgpMimeSigned(reporter, entity("Nested signed body"), "inner")
      .split("\r\n")
      .filter((l) => !/^(From|To|Subject|Message-ID|MIME-Version):/.test(l))
      .join("\r\n");
    const armored = must(reporter, ["--armor", "--encrypt", "-r", teamCurveFpr], signedInner);
    const row = await stored((await kit.ingest(pgpMimeEncrypted(armored, "Nested"))).messageId);
    assert.deepEqual(
      [row.decrypted, row.signature, row.signerFingerprint],
      [true, "valid", reporterFpr],
    );
    assert.match(row.bodyText, /Nested signed body/);
  });

  test("multipart/signed: valid when intact, invalid when the signed part was altered", async () => {
    const content = entity("Versions 1.0 to 1.4 are affected.");
    const good = await stored(
      (await kit.ingest(pgpMimeSigned(reporter, content, "Signed"))).messageId,
    );
    assert.deepEqual(
      [good.encrypted, good.signature, good.signerFingerprint],
      [false, "valid", reporterFpr],
    );
    assert.match(good.bodyText, /are affected/);
    const bad = await kit.ingest(pgpMimeSigned(reporter, content, "Tampered", true));
    assert.equal(bad.status, "accepted", "a bad signature is flagged, never dropped");
    assert.equal((await stored(bad.messageId)).signature, "invalid");
  });

  test("inline PGP: an encrypted and signed block in a text body is replaced by its plaintext", async () => {
    const armored = must(
      reporter,
      ["--armor", "--encrypt", "--sign", "-r", teamCurveFpr, "-u", reporterFpr],
      "Inline secret: PAP:RED",
    );
    const result = await kit.ingest(
      envelope(
        "Inline",
        ["Content-Type: text/plain; charset=us-ascii"],
        `Hello,\r\n\r\n${armored}`,
      ),
    );
    const row = await stored(result.messageId);
    assert.deepEqual([row.encrypted, row.decrypted, row.signature], [true, true, "valid"]);
    assert.match(row.bodyText, /Inline secret: PAP:RED/);
    assert.doesNotMatch(row.bodyText, /BEGIN PGP/);
    assert.equal(row.pap, "RED");
  });

  test("inline cleartext signature: valid from a known key, unknown-key from a stranger", async () => {
    const signed = must(reporter, ["--clearsign"], "Clear text, signed.");
    const known = await stored(
      (await kit.ingest(envelope("Clearsigned", ["Content-Type: text/plain"], signed))).messageId,
    );
    assert.deepEqual([known.signature, known.signerFingerprint], ["valid", reporterFpr]);
    assert.match(known.bodyText, /Clear text, signed\./);
    const foreign = must(stranger, ["--clearsign"], "Who am I?");
    const unknown = await stored(
      (await kit.ingest(envelope("Stranger", ["Content-Type: text/plain"], foreign))).messageId,
    );
    assert.equal(unknown.signature, "unknown-key");
    assert.equal(unknown.signerFingerprint, null);
    assert.match(unknown.signerKeyId ?? "", /^[0-9A-F]{16}$/);
  });

  test("mail encrypted to a key Vigil does not hold is accepted, filed and flagged", async () => {
    const strangerFpr = /^fpr:+([0-9A-F]{40}):/m.exec(
      must(stranger, ["--with-colons", "--list-keys"]),
    )?.[1] as string;
    const armored = must(
      stranger,
      ["--armor", "--encrypt", "-r", strangerFpr],
      entity("not for you"),
    );
    const result = await kit.ingest(pgpMimeEncrypted(armored, "Undecryptable"));
    assert.equal(result.status, "accepted");
    assert.ok(result.reportId);
    const row = await stored(result.messageId);
    assert.deepEqual([row.encrypted, row.decrypted], [true, false]);
    assert.ok(row.cryptoNotes.length > 0);
    const [report] = await kit.t.db.select().from(reports).where(eq(reports.id, result.reportId));
    assert.match(report?.summary ?? "", /could not be decrypted/);
  });
});

describe("acknowledgement: GnuPG reads what Vigil sent", () => {
  async function deliverAck(inboundMessageId: string): Promise<string> {
    const before = relayed.length;
    const queued = await acknowledgeInboundMessage(
      { db: kit.t.db, keyPassphrase: kit.keyPassphrase },
      { inboundMessageId },
    );
    assert.ok(queued, "an acknowledgement was queued");
    await new JobWorker(kit.t.db, [mailSendJob(kit.t.db, { relayUrl })]).drain();
    assert.equal(relayed.length, before + 1);
    return relayed.at(-1) as string;
  }
  const bodyOf = (part: string) => part.slice(part.indexOf("\r\n\r\n") + 4);
  function parts(raw: string): string[] {
    const boundary = /boundary="([^"]+)"/.exec(raw)?.[1] as string;
    return raw
      .split(`\r\n--${boundary}`)
      .slice(1, -1)
      .map((s) => s.replace(/^\r\n/, ""));
  }

  test("to a reporter with a key: encrypted to them and signed by the team key; GnuPG agrees", async () => {
    const armored = must(
      reporter,
      ["--armor", "--encrypt", "--sign", "-r", teamCurveFpr, "-u", reporterFpr],
      entity("Bonjour"),
    );
    const result = await kit.ingest(
      pgpMimeEncrypted(armored, "Rapport chiffré", ["Content-Language: fr-FR"]),
    );
    const [report] = await kit.t.db
      .select()
      .from(reports)
      .where(eq(reports.id, result.reportId as string));
    const raw = await deliverAck(result.messageId);
    assert.match(raw, new RegExp(`^Subject: .*\\[VIGIL #${report?.ref}\\]`, "m"));
    assert.match(raw, /^Auto-Submitted: auto-replied/m);
    assert.match(raw, /^Content-Type: multipart\/encrypted/m);
    const decrypted = reporter.run(["--decrypt"], bodyOf(parts(raw)[1] as string));
    assert.equal(decrypted.code, 0, decrypted.stderr);
    assert.ok(decrypted.status.some((l) => l.startsWith(`[GNUPG:] VALIDSIG ${teamCurveFpr} `)));
    const text = decrypted.stdout.toString("utf8");
    assert.match(text, /=C3=A9|accus=C3=A9|Bonjour/, "French template, quoted-printable");
    assert.match(text, new RegExp(`VIGIL #${report?.ref}`));
  });

  test("to a reporter without a key: multipart/signed that GnuPG verifies", async () => {
    const result = await kit.ingest(
      envelope("Plain report", ["Content-Type: text/plain"], "No crypto here.").replace(
        "reporter@example.net",
        "other@example.net",
      ),
      { from: "other@example.net" },
    );
    const raw = await deliverAck(result.messageId);
    assert.match(raw, /^Content-Type: multipart\/signed/m);
    const [signedPart, signaturePart] = parts(raw);
    const verify = reporter.run([
      "--verify",
      reporter.file("ack.sig", bodyOf(signaturePart as string)),
      reporter.file("ack.txt", signedPart as string),
    ]);
    assert.equal(verify.code, 0, verify.stderr);
    assert.ok(verify.status.some((l) => l.startsWith(`[GNUPG:] VALIDSIG ${teamCurveFpr} `)));
  });

  test("auto-replies, bulk mail and bounces are not acknowledged (RFC 3834)", async () => {
    for (const extra of [
      ["Auto-Submitted: auto-replied"],
      ["Precedence: bulk"],
      ["List-Id: <x.lists.example>"],
    ]) {
      const result = await kit.ingest(
        envelope("Out of office", ["Content-Type: text/plain"], "Away", extra),
      );
      const row = await stored(result.messageId);
      assert.equal(row.ackStatus, "suppressed", extra[0]);
    }
    const bounce = await kit.ingest(envelope("Undeliverable", ["Content-Type: text/plain"], "x"), {
      from: "",
    });
    assert.equal((await stored(bounce.messageId)).ackStatus, "suppressed");
  });
});
