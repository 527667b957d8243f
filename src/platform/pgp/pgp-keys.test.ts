import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createGnuPG, type GnuPG } from "../../../test/support/gnupg.ts";
import {
  describeKey,
  encryptionUsability,
  generateKeyPair,
  mergeKeys,
  readArmoredKeys,
  readPublicKey,
  readSecretKey,
  unlockSecretKey,
} from "./pgp-keys.ts";

let gpg: GnuPG;
before(() => {
  gpg = createGnuPG();
});
after(() => gpg?.cleanup());

const team = { name: "Example CERT", email: "CERT@example.org" };

describe("generateKeyPair", () => {
  test("a curve25519 team key: described, encrypted at rest, readable by GnuPG", async () => {
    const pair = await generateKeyPair({ userIds: [team], passphrase: "pass phrase at rest" });
    assert.match(pair.info.fingerprint, /^[0-9A-F]{40}$/);
    assert.equal(pair.info.keyId, pair.info.fingerprint.slice(-16));
    assert.deepEqual(pair.info.userIds, ["Example CERT <CERT@example.org>"]);
    assert.deepEqual(pair.info.emails, ["cert@example.org"]);
    assert.equal(pair.info.algorithm, "ed25519");
    assert.equal(pair.info.expiresAt, null);
    assert.equal(pair.info.revoked, false);
    assert.doesNotMatch(pair.armoredPublic, /PRIVATE KEY/);

    await assert.rejects(readSecretKey(pair.armoredSecret), { code: "KEY_INVALID" });
    await assert.rejects(unlockSecretKey(pair.armoredSecret, "wrong"), { code: "KEY_INVALID" });
    const unlocked = await unlockSecretKey(pair.armoredSecret, "pass phrase at rest");
    assert.equal(unlocked.isDecrypted(), true);

    gpg.importKey(pair.armoredPublic);
    const listed = gpg.run(["--with-colons", "--list-keys", pair.info.fingerprint]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout.toString(), /^pub:[^:]*:255:22:/m, "EdDSA primary");
    assert.match(listed.stdout.toString(), /^sub:[^:]*:255:18:/m, "Cv25519 encryption subkey");
  });

  test("an rsa4096 key with an expiry", async () => {
    const pair = await generateKeyPair({
      userIds: [team],
      algorithm: "rsa4096",
      passphrase: "x".repeat(20),
      expiresInSeconds: 86_400,
    });
    assert.equal(pair.info.algorithm, "rsa4096");
    const expires = pair.info.expiresAt?.getTime() ?? 0;
    assert.ok(Math.abs(expires - (Date.now() + 86_400_000)) < 60_000);
  });
});

describe("reading keys", () => {
  test("several keys in one armored block, from GnuPG", async () => {
    const a = gpg.generateKey("alice@example.net");
    const b = gpg.generateKey("bob@example.net");
    const both = gpg.run(["--armor", "--export", a.fingerprint, b.fingerprint]).stdout.toString();
    const keys = await readArmoredKeys(both);
    const infos = await Promise.all(keys.map(describeKey));
    assert.deepEqual(
      infos.map((i) => [i.fingerprint, i.emails, i.isSecret]),
      [
        [a.fingerprint, ["alice@example.net"], false],
        [b.fingerprint, ["bob@example.net"], false],
      ],
    );
    assert.ok(infos.every((i) => i.expiresAt && i.expiresAt.getTime() > Date.now()));
    const pasted = await readArmoredKeys(`Alice:\n${a.armoredPublic}\nBob:\n${b.armoredPublic}`);
    assert.deepEqual(
      pasted.map((k) => k.getFingerprint().toUpperCase()),
      [a.fingerprint, b.fingerprint],
      "several armored blocks in one file",
    );
  });

  test("garbage and empty input fail with KEY_INVALID", async () => {
    await assert.rejects(readArmoredKeys("not a key"), { code: "KEY_INVALID" });
    await assert.rejects(
      readPublicKey("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n-----END PGP PUBLIC KEY BLOCK-----"),
      {
        code: "KEY_INVALID",
      },
    );
    await assert.rejects(readSecretKey("nope"), { code: "KEY_INVALID" });
  });

  test("a secret key exported by GnuPG is read and unlocked", async () => {
    const peer = gpg.generateKey("secret@example.net");
    const key = await readSecretKey(peer.armoredSecret);
    assert.equal(key.getFingerprint().toUpperCase(), peer.fingerprint);
    assert.equal((await describeKey(key)).isSecret, true);
  });
});

describe("encryptionUsability", () => {
  test("usable now, expired later, and a revoked key is never usable", async () => {
    const peer = gpg.generateKey("usable@example.net");
    const key = await readPublicKey(peer.armoredPublic);
    assert.deepEqual(await encryptionUsability(key), { usable: true });
    const inTwoYears = new Date(Date.now() + 2 * 365 * 86_400_000);
    assert.deepEqual(await encryptionUsability(key, inTwoYears), {
      usable: false,
      reason: "expired",
    });

    gpg.importKey(gpg.revocationCertificate(peer.fingerprint));
    const revokedArmored = gpg.run(["--armor", "--export", peer.fingerprint]).stdout.toString();
    const revoked = await readPublicKey(revokedArmored);
    assert.equal((await describeKey(revoked)).revoked, true);
    assert.deepEqual(await encryptionUsability(revoked), { usable: false, reason: "revoked" });

    const merged = await mergeKeys(key, revoked);
    assert.equal((await describeKey(merged)).revoked, true, "merging keeps the revocation");
  });

  test("a signing-only key cannot be encrypted to", async () => {
    gpg.run(["--quick-generate-key", "Sign Only <signonly@example.net>", "ed25519", "sign", "1y"]);
    const armored = gpg.run(["--armor", "--export", "signonly@example.net"]).stdout.toString();
    assert.deepEqual(await encryptionUsability(await readPublicKey(armored)), {
      usable: false,
      reason: "no-encryption-subkey",
    });
  });
});
