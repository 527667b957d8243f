import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  createOpenSslPki,
  type OpenSslPki,
  type Party,
} from "../../../test/support/openssl-pki.ts";
import { readPrivateKeyFor, toPkijsCertificate } from "./certificates.ts";
import { isSmimeMessage, type SmimeMaterial, unwrapSmime } from "./unwrap-smime.ts";

let pki: OpenSslPki;
let team: Party;
let sender: Party;
let stranger: Party;
let material: SmimeMaterial;

const body = (text: string) =>
  Buffer.from(`Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`);
const headers = ["-from", "reporter@example.org", "-to", "cert@example.org", "-subject", "Phish"];

before(() => {
  pki = createOpenSslPki();
  team = pki.issue("Example CERT", "cert@example.org");
  sender = pki.issue("Reporter", "reporter@example.org");
  // Signed by nobody the team trusts.
  stranger = pki.issue("Stranger", "stranger@example.net", null);
  material = {
    identities: [
      {
        certificate: toPkijsCertificate(team.certPem),
        privateKey: readPrivateKeyFor(team.certPem, team.keyPem),
      },
    ],
    trustAnchors: [toPkijsCertificate(pki.ca.certPem)],
  };
});
after(() => pki?.cleanup());

const sign = (who: Party, content: Buffer, extra: string[] = []) =>
  pki.sign(who, content, [...headers, ...extra]);

function encrypt(content: Buffer, args: string[] = ["smime", "-encrypt", "-aes256"]): Buffer {
  const input = pki.file(`in-${Math.random()}.eml`, content);
  // `-recip` comes first when `-keyopt` options follow it.
  const recipient = args.includes("-keyopt") ? [] : [team.cert];
  return pki.run([...args, "-in", input, ...headers, ...recipient]);
}

describe("S/MIME signatures made by OpenSSL", () => {
  test("a detached multipart/signed message from a certificate under a trust anchor is valid", async () => {
    const signed = sign(sender, body("Signed report"));
    assert.equal(isSmimeMessage(signed), true);
    const outcome = await unwrapSmime(signed, material);
    assert.ok(outcome);
    assert.equal(outcome.signature, "valid", outcome.notes.join("; "));
    assert.equal(outcome.encrypted, false);
    assert.equal(outcome.decrypted, null);
    assert.match(outcome.signer?.subject ?? "", /CN=Reporter/);
    assert.match(outcome.signer?.fingerprint ?? "", /^[0-9A-F]{64}$/);
    assert.deepEqual(outcome.signer?.emails, ["reporter@example.org"]);
    const text = outcome.message.toString();
    assert.match(text, /^From: reporter@example.org/m);
    assert.match(text, /^Subject: Phish/m);
    assert.match(text, /Signed report/);
    assert.doesNotMatch(text, /pkcs7-signature/);
  });

  test("an opaque signed-data message is valid and its content unwrapped", async () => {
    const signed = sign(sender, body("Opaque report"), ["-nodetach"]);
    const outcome = await unwrapSmime(signed, material);
    assert.equal(outcome?.signature, "valid", outcome?.notes.join("; "));
    assert.match(outcome?.message.toString() ?? "", /Opaque report/);
    assert.match(outcome?.message.toString() ?? "", /^Content-Type: text\/plain/m);
  });

  test("tampered content is invalid", async () => {
    const signed = sign(sender, body("Transfer 100 EUR")).toString("latin1");
    const tampered = Buffer.from(signed.replace("100 EUR", "900 EUR"), "latin1");
    const outcome = await unwrapSmime(tampered, material);
    assert.equal(outcome?.signature, "invalid");
    assert.match(outcome?.signer?.subject ?? "", /CN=Reporter/);
  });

  test("a self-signed signer outside the trust anchors is unknown-key", async () => {
    const outcome = await unwrapSmime(sign(stranger, body("Hello")), material);
    assert.equal(outcome?.signature, "unknown-key");
    assert.match(outcome?.signer?.subject ?? "", /CN=Stranger/);
    const noAnchors = await unwrapSmime(sign(sender, body("Hello")), {
      ...material,
      trustAnchors: [],
    });
    assert.equal(noAnchors?.signature, "unknown-key");
  });

  test("a message whose line ends were turned into LF still verifies", async () => {
    const signed = sign(sender, body("Line one\r\nLine two"));
    const lf = Buffer.from(signed.toString("latin1").replace(/\r\n/g, "\n"), "latin1");
    assert.equal((await unwrapSmime(lf, material))?.signature, "valid");
  });

  test("cms -sign with a certificate chain and a CMS signature is valid", async () => {
    const input = pki.file("cms.eml", body("CMS signed"));
    const signed = pki.run([
      "cms",
      "-sign",
      "-in",
      input,
      "-signer",
      sender.cert,
      "-inkey",
      sender.key,
      "-md",
      "sha384",
      "-certfile",
      pki.ca.cert,
      ...headers,
    ]);
    assert.equal((await unwrapSmime(signed, material))?.signature, "valid");
  });
});

describe("S/MIME encryption made by OpenSSL", () => {
  test("enveloped-data (RSA PKCS#1 v1.5, AES-256-CBC) decrypts with the team identity", async () => {
    const outcome = await unwrapSmime(encrypt(body("Secret report")), material);
    assert.equal(outcome?.encrypted, true);
    assert.equal(outcome?.decrypted, true, outcome?.notes.join("; "));
    assert.equal(outcome?.signature, "none");
    assert.match(outcome?.message.toString() ?? "", /Secret report/);
    assert.match(outcome?.message.toString() ?? "", /^From: reporter@example.org/m);
  });

  test("cms -encrypt with RSA-OAEP and AES-128-CBC decrypts", async () => {
    const outcome = await unwrapSmime(
      encrypt(body("OAEP report"), [
        "cms",
        "-encrypt",
        "-aes128",
        "-recip",
        team.cert,
        "-keyopt",
        "rsa_padding_mode:oaep",
        "-keyopt",
        "rsa_oaep_md:sha256",
      ]),
      material,
    );
    assert.equal(outcome?.decrypted, true, outcome?.notes.join("; "));
    assert.match(outcome?.message.toString() ?? "", /OAEP report/);
  });

  test("cms -encrypt with AES-256-GCM (auth-enveloped-data) decrypts", async () => {
    const outcome = await unwrapSmime(
      encrypt(body("GCM report"), ["cms", "-encrypt", "-aes-256-gcm"]),
      material,
    );
    assert.equal(outcome?.decrypted, true, outcome?.notes.join("; "));
    assert.match(outcome?.message.toString() ?? "", /GCM report/);
  });

  test("signed then encrypted: decrypted, and the inner signature valid", async () => {
    const signed = sign(sender, body("Signed and sealed"));
    const outcome = await unwrapSmime(encrypt(signed), material);
    assert.equal(outcome?.decrypted, true, outcome?.notes.join("; "));
    assert.equal(outcome?.signature, "valid", outcome?.notes.join("; "));
    assert.match(outcome?.message.toString() ?? "", /Signed and sealed/);
  });

  test("a message encrypted to someone else is kept, flagged not decrypted", async () => {
    const input = pki.file("other.eml", body("Not for us"));
    const other = pki.run(["smime", "-encrypt", "-aes256", "-in", input, ...headers, sender.cert]);
    const outcome = await unwrapSmime(other, material);
    assert.equal(outcome?.encrypted, true);
    assert.equal(outcome?.decrypted, false);
    assert.match(outcome?.notes.join(" ") ?? "", /not encrypted to any/);
    assert.equal(outcome?.message, other);
  });

  test("garbage in an S/MIME envelope gives a verdict, not a crash; plain mail is not S/MIME", async () => {
    const garbage = Buffer.from(
      "Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\nContent-Transfer-Encoding: base64\r\n\r\nAAAAAAAA\r\n",
    );
    const outcome = await unwrapSmime(garbage, material);
    assert.equal(outcome?.signature, "invalid");
    assert.equal(await unwrapSmime(body("plain"), material), null);
  });
});
