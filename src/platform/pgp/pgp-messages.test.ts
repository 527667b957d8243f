import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { PrivateKey, PublicKey } from "openpgp";
import { createGnuPG, type GnuPG } from "../../../test/support/gnupg.ts";
import { generateKeyPair, readPublicKey, readSecretKey, unlockSecretKey } from "./pgp-keys.ts";
import {
  cleartextSign,
  decryptAndVerify,
  detachedSign,
  signAndEncrypt,
  verifyCleartext,
  verifyDetached,
} from "./pgp-messages.ts";

let gpg: GnuPG;
let teamKey: PrivateKey;
let teamPublic: PublicKey;
let teamFingerprint: string;
let peer: { fingerprint: string; armoredPublic: string; armoredSecret: string };

before(async () => {
  gpg = createGnuPG();
  const pair = await generateKeyPair({
    userIds: [{ name: "Example CERT", email: "cert@example.org" }],
    passphrase: "at rest",
  });
  teamKey = await unlockSecretKey(pair.armoredSecret, "at rest");
  teamPublic = await readPublicKey(pair.armoredPublic);
  teamFingerprint = pair.info.fingerprint;
  gpg.importKey(pair.armoredPublic);
  peer = gpg.generateKey("reporter@example.net");
});
after(() => gpg?.cleanup());

const validSignatureBy = (status: string[], fingerprint: string) =>
  status.some((l) => l.startsWith(`[GNUPG:] VALIDSIG ${fingerprint} `));

describe("signing, checked by GnuPG", () => {
  test("a cleartext signature verifies with gpg --verify, and round-trips", async () => {
    const text = "Advisory 2025-001\n\nPatch now.  \nÜmlauts and trailing spaces are fine.\n";
    const signed = await cleartextSign(text, teamKey);
    assert.match(signed, /^-----BEGIN PGP SIGNED MESSAGE-----\r?\nHash: SHA512/);
    const result = gpg.run(["--verify"], signed);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(validSignatureBy(result.status, teamFingerprint), result.stderr);

    const checked = await verifyCleartext({ armored: signed, verificationKeys: [teamPublic] });
    assert.equal(checked.signature.status, "valid");
    assert.equal(checked.signature.signerFingerprint, teamFingerprint);
    const tampered = signed.replace("Patch now.", "Ignore this.");
    assert.notEqual(gpg.run(["--verify"], tampered).code, 0);
    const refused = await verifyCleartext({ armored: tampered, verificationKeys: [teamPublic] });
    assert.equal(refused.signature.status, "invalid");
  });

  test("a detached signature over bytes verifies with gpg --verify file.asc file", async () => {
    const bytes = new Uint8Array([0, 1, 2, 255, 13, 10, 42]);
    const signature = await detachedSign(bytes, teamKey);
    assert.equal(signature.micalg, "pgp-sha512");
    assert.match(signature.armored, /^-----BEGIN PGP SIGNATURE-----/);
    const data = gpg.file("data.bin", bytes);
    const asc = gpg.file("data.bin.asc", signature.armored);
    const result = gpg.run(["--verify", asc, data]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(validSignatureBy(result.status, teamFingerprint));

    const keys = [teamPublic];
    const ok = await verifyDetached({
      data: bytes,
      signature: signature.armored,
      verificationKeys: keys,
    });
    assert.deepEqual(ok, {
      status: "valid",
      signerFingerprint: teamFingerprint,
      signerKeyId: teamFingerprint.slice(-16),
    });
    const bad = await verifyDetached({
      data: new Uint8Array([9]),
      signature: signature.armored,
      verificationKeys: keys,
    });
    assert.equal(bad.status, "invalid");
    const unknown = await verifyDetached({
      data: bytes,
      signature: signature.armored,
      verificationKeys: [],
    });
    assert.equal(unknown.status, "unknown-key");
    assert.equal(unknown.signerKeyId, teamFingerprint.slice(-16));
  });
});

describe("encryption", () => {
  test("sign-and-encrypt to several recipients: GnuPG decrypts and sees a good signature", async () => {
    const second = gpg.generateKey("second@example.net");
    const recipients = [
      await readPublicKey(peer.armoredPublic),
      await readPublicKey(second.armoredPublic),
    ];
    const armored = await signAndEncrypt({
      data: "for your eyes only\r\n",
      signingKey: teamKey,
      recipients,
    });
    const result = gpg.run(["--decrypt"], armored);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.toString(), "for your eyes only\r\n");
    assert.ok(validSignatureBy(result.status, teamFingerprint), result.stderr);
    const encryptedTo = result.status.filter((l) => l.startsWith("[GNUPG:] ENC_TO "));
    assert.equal(encryptedTo.length, 2, "one session key per recipient");
  });

  test("decryptAndVerify reads what GnuPG signed and encrypted to the team", async () => {
    const message = gpg
      .run(
        [
          "--armor",
          "--sign",
          "--encrypt",
          "--local-user",
          peer.fingerprint,
          "--recipient",
          teamFingerprint,
        ],
        "report: phishing from 198.51.100.7\n",
      )
      .stdout.toString();
    const peerKey = await readPublicKey(peer.armoredPublic);
    const known = await decryptAndVerify({
      armored: message,
      decryptionKeys: [teamKey],
      verificationKeys: [peerKey],
    });
    assert.equal(new TextDecoder().decode(known.data), "report: phishing from 198.51.100.7\n");
    assert.equal(known.signature.status, "valid");
    assert.equal(known.signature.signerFingerprint, peer.fingerprint);

    const stranger = await decryptAndVerify({
      armored: message,
      decryptionKeys: [teamKey],
      verificationKeys: [],
    });
    assert.equal(stranger.signature.status, "unknown-key");
    assert.equal(stranger.signature.signerFingerprint, null);

    const unsigned = gpg
      .run(["--armor", "--encrypt", "--recipient", teamFingerprint], "plain")
      .stdout.toString();
    const none = await decryptAndVerify({
      armored: unsigned,
      decryptionKeys: [teamKey],
      verificationKeys: [peerKey],
    });
    assert.equal(none.signature.status, "none");
  });

  test("a message for someone else fails with PGP_DECRYPTION_FAILED", async () => {
    const armored = await signAndEncrypt({
      data: "not for the team",
      signingKey: teamKey,
      recipients: [await readPublicKey(peer.armoredPublic)],
    });
    await assert.rejects(
      decryptAndVerify({ armored, decryptionKeys: [teamKey], verificationKeys: [] }),
      { code: "PGP_DECRYPTION_FAILED" },
    );
    const peerSecret = await readSecretKey(peer.armoredSecret);
    const opened = await decryptAndVerify({
      armored,
      decryptionKeys: [peerSecret],
      verificationKeys: [teamPublic],
    });
    assert.equal(opened.signature.status, "valid");
    await assert.rejects(signAndEncrypt({ data: "x", signingKey: teamKey, recipients: [] }), {
      code: "KEY_NOT_FOUND",
    });
  });
});
