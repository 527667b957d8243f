import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createGnuPG, type GnuPG } from "../../../test/support/gnupg.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";
import { createTestDatabase } from "../../../test/support/test-database.ts";
import { queryRows, sql } from "../../platform/db/client.ts";
import { keyPassphrase } from "../../platform/pgp/instance-secret.ts";
import { readSecretKey, unlockSecretKey } from "../../platform/pgp/pgp-keys.ts";
import { detachedSign } from "../../platform/pgp/pgp-messages.ts";
import { findEncryptionKeyFor } from "./find-encryption-key.ts";
import { getTeamSigningKey } from "./get-team-signing-key.ts";

process.env.VIGIL_SECRET_KEY = "test-instance-secret-of-at-least-32-characters";
/** The at-rest passphrase the app derives from VIGIL_SECRET_KEY, as a worker would. */
const atRest = () => keyPassphrase(process.env.VIGIL_SECRET_KEY as string);

let t: TestApp;
let gpg: GnuPG;
let admin: TestUser;
let handler: TestUser;
let auditor: TestUser;
let constituent: TestUser;

before(async () => {
  t = await createTestApp();
  gpg = createGnuPG();
  admin = await t.user("admin");
  handler = await t.user("handler");
  auditor = await t.user("auditor");
  constituent = await t.user("constituent", { tenantId: t.defaultTenantId });
});
after(async () => {
  await t?.close();
  gpg?.cleanup();
});

function assertError(
  response: { statusCode: number; json: () => { error: { code: string } }; body: string },
  status: number,
  code: string,
) {
  assert.equal(response.statusCode, status, response.body);
  assert.equal(response.json().error.code, code);
}

async function auditActions(entityId: string): Promise<string[]> {
  const rows = await queryRows<{ action: string }>(
    t.db,
    sql`SELECT action FROM audit_log WHERE entity_id = ${entityId} ORDER BY seq`,
  );
  return rows.map((r) => r.action);
}

describe("POST /api/keys/team (generate)", () => {
  const body = { name: "Example CERT", email: "cert@example.org" };

  test("401, 400, 403, then 201 for an admin; the first key of a purpose is primary", async () => {
    assertError(await t.request("POST", "/api/keys/team", { body }), 401, "UNAUTHENTICATED");
    assertError(
      await t.request("POST", "/api/keys/team", { as: admin, body: { ...body, email: "nope" } }),
      400,
      "VALIDATION_FAILED",
    );
    assertError(
      await t.request("POST", "/api/keys/team", { as: admin, body: { ...body, purpose: "x" } }),
      400,
      "VALIDATION_FAILED",
    );
    assertError(await t.request("POST", "/api/keys/team", { as: handler, body }), 403, "FORBIDDEN");

    const created = await t.request("POST", "/api/keys/team", { as: admin, body });
    assert.equal(created.statusCode, 201, created.body);
    const key = created.json();
    assert.equal(key.purpose, "cert");
    assert.equal(key.primary, true);
    assert.equal(key.algorithm, "ed25519");
    assert.deepEqual(key.userIds, ["Example CERT <cert@example.org>"]);
    assert.equal(key.publicKeyUrl, `/api/keys/team/${key.fingerprint}.asc`);
    assert.ok(!("encryptedSecret" in key));
    assert.deepEqual(await auditActions(key.fingerprint), ["team_key.generated"]);

    const [stored] = await queryRows<{ encrypted_secret: string }>(
      t.db,
      sql`SELECT encrypted_secret FROM team_keys WHERE fingerprint = ${key.fingerprint}`,
    );
    const armoredSecret = stored?.encrypted_secret ?? "";
    await assert.rejects(
      readSecretKey(armoredSecret),
      { code: "KEY_INVALID" },
      "encrypted at rest",
    );
    assert.equal((await unlockSecretKey(armoredSecret, atRest())).isDecrypted(), true);
  });

  test("the public key is served without authentication and GnuPG imports it", async () => {
    const created = await t.request("POST", "/api/keys/team", {
      as: admin,
      body: { name: "PSIRT", email: "psirt@example.org", purpose: "psirt", expiresInDays: 10 },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { fingerprint, warnings } = created.json();
    assert.deepEqual(
      warnings.map((w: { code: string }) => w.code),
      ["expiring-soon"],
    );
    const response = await t.request("GET", `/api/keys/team/${fingerprint}.asc`);
    assert.equal(response.statusCode, 200, response.body);
    assert.match(String(response.headers["content-type"]), /^application\/pgp-keys/);
    assert.match(response.body, /^-----BEGIN PGP PUBLIC KEY BLOCK-----/);
    assert.doesNotMatch(response.body, /PRIVATE/);
    const lower = await t.request("GET", `/api/keys/team/${fingerprint.toLowerCase()}.asc`);
    assert.equal(lower.body, response.body);
    gpg.importKey(response.body);
    assert.equal(gpg.run(["--list-keys", fingerprint]).code, 0);

    assertError(
      await t.request("GET", `/api/keys/team/${"A".repeat(40)}.asc`),
      404,
      "KEY_NOT_FOUND",
    );
    assertError(await t.request("GET", "/api/keys/team/not-hex.asc"), 400, "VALIDATION_FAILED");
  });

  test("a second key made primary takes over signing for its purpose", async () => {
    const first = await getTeamSigningKey(t.db, { purpose: "cert", keyPassphrase: atRest });
    const second = await t.request("POST", "/api/keys/team", {
      as: admin,
      body: { name: "CERT 2026", email: "cert@example.org", primary: true },
    });
    assert.equal(second.statusCode, 201, second.body);
    const now = await getTeamSigningKey(t.db, { purpose: "cert", keyPassphrase: atRest });
    assert.notEqual(now.fingerprint, first.fingerprint);
    assert.equal(now.fingerprint, second.json().fingerprint);
    const signature = await detachedSign("signed by the team", now.privateKey);
    gpg.importKey(now.armoredPublic);
    const result = gpg.run([
      "--verify",
      gpg.file("s.asc", signature.armored),
      gpg.file("s", "signed by the team"),
    ]);
    assert.equal(result.code, 0, result.stderr);

    const list = (await t.request("GET", "/api/keys", { as: admin })).json();
    const primaries = list.team.filter(
      (k: { purpose: string; primary: boolean }) => k.purpose === "cert" && k.primary,
    );
    assert.deepEqual(
      primaries.map((k: { fingerprint: string }) => k.fingerprint),
      [now.fingerprint],
    );
  });

  test("a tenant's own key is preferred for that tenant", async () => {
    await t.tenant("acme");
    const own = await t.request("POST", "/api/keys/team", {
      as: admin,
      body: { name: "ACME CERT", email: "cert@acme.example", tenant: "acme" },
    });
    assert.equal(own.statusCode, 201, own.body);
    const tenantId = own.json().tenantId;
    const forAcme = await getTeamSigningKey(t.db, {
      purpose: "cert",
      tenantId,
      keyPassphrase: atRest,
    });
    assert.equal(forAcme.fingerprint, own.json().fingerprint);
    const forOthers = await getTeamSigningKey(t.db, {
      purpose: "cert",
      tenantId: t.defaultTenantId,
      keyPassphrase: atRest,
    });
    assert.notEqual(forOthers.fingerprint, own.json().fingerprint);
    assertError(
      await t.request("POST", "/api/keys/team", {
        as: admin,
        body: { name: "X", email: "x@example.org", tenant: "no-such-tenant" },
      }),
      404,
      "TENANT_NOT_FOUND",
    );
  });

  test("getTeamSigningKey fails with KEY_NOT_FOUND, or a wrong passphrase, readably", async () => {
    const empty = await createTestDatabase();
    try {
      await assert.rejects(
        getTeamSigningKey(empty.database.db, { purpose: "psirt", keyPassphrase: atRest }),
        { code: "KEY_NOT_FOUND" },
      );
    } finally {
      await empty.cleanup();
    }
    await assert.rejects(
      getTeamSigningKey(t.db, { purpose: "cert", keyPassphrase: () => "wrong" }),
      { code: "KEY_INVALID" },
    );
  });
});

describe("POST /api/keys/team/import", () => {
  test("401, 400, 403, then 201; the same key again is 409 KEY_EXISTS", async () => {
    const exported = gpg.generateKey("team-import@example.org");
    const body = { armored: exported.armoredSecret, purpose: "psirt" };
    const url = "/api/keys/team/import";
    assertError(await t.request("POST", url, { body }), 401, "UNAUTHENTICATED");
    assertError(
      await t.request("POST", url, { as: admin, body: { armored: "" } }),
      400,
      "VALIDATION_FAILED",
    );
    assertError(
      await t.request("POST", url, { as: admin, body: { armored: exported.armoredPublic } }),
      400,
      "KEY_INVALID",
    );
    assertError(await t.request("POST", url, { as: handler, body }), 403, "FORBIDDEN");
    const imported = await t.request("POST", url, { as: admin, body });
    assert.equal(imported.statusCode, 201, imported.body);
    assert.equal(imported.json().fingerprint, exported.fingerprint);
    assert.equal(imported.json().purpose, "psirt");
    assert.deepEqual(await auditActions(exported.fingerprint), ["team_key.imported"]);
    assertError(await t.request("POST", url, { as: admin, body }), 409, "KEY_EXISTS");
  });

  test("a passphrase-protected export needs its passphrase; an expired key is refused", async () => {
    gpg.run([
      "--passphrase",
      "export secret",
      "--quick-generate-key",
      "Locked <locked@example.org>",
      "ed25519",
      "sign",
      "1y",
    ]);
    const locked = gpg
      .run([
        "--passphrase",
        "export secret",
        "--armor",
        "--export-secret-keys",
        "locked@example.org",
      ])
      .stdout.toString();
    const url = "/api/keys/team/import";
    assertError(
      await t.request("POST", url, { as: admin, body: { armored: locked } }),
      400,
      "KEY_INVALID",
    );
    const imported = await t.request("POST", url, {
      as: admin,
      body: { armored: locked, passphrase: "export secret" },
    });
    assert.equal(imported.statusCode, 201, imported.body);

    const expired = gpg.generateKey("expired-team@example.org", "20200101T000000");
    assertError(
      await t.request("POST", url, { as: admin, body: { armored: expired.armoredSecret } }),
      409,
      "KEY_UNUSABLE",
    );
  });
});

describe("POST /api/keys/contacts", () => {
  test("401, 400, 403, then 201 for several keys in one file", async () => {
    const alice = gpg.generateKey("alice@example.net");
    const bob = gpg.generateKey("Bob@Example.net");
    const both = gpg
      .run(["--armor", "--export", alice.fingerprint, bob.fingerprint])
      .stdout.toString();
    const url = "/api/keys/contacts";
    assertError(await t.request("POST", url, { body: { armored: both } }), 401, "UNAUTHENTICATED");
    assertError(
      await t.request("POST", url, { as: handler, body: { armored: "junk" } }),
      400,
      "KEY_INVALID",
    );
    assertError(
      await t.request("POST", url, { as: handler, body: { armored: alice.armoredSecret } }),
      400,
      "KEY_INVALID",
    );
    assertError(
      await t.request("POST", url, { as: constituent, body: { armored: both } }),
      403,
      "FORBIDDEN",
    );
    assertError(
      await t.request("POST", url, { as: auditor, body: { armored: both } }),
      403,
      "FORBIDDEN",
    );

    const created = await t.request("POST", url, { as: handler, body: { armored: both } });
    assert.equal(created.statusCode, 201, created.body);
    const { imported, updated } = created.json();
    assert.deepEqual(
      imported.map((k: { fingerprint: string; emails: string[]; source: string }) => [
        k.fingerprint,
        k.emails,
        k.source,
      ]),
      [
        [alice.fingerprint, ["alice@example.net"], "upload"],
        [bob.fingerprint, ["bob@example.net"], "upload"],
      ],
    );
    assert.deepEqual(updated, []);
    assert.deepEqual(await auditActions(alice.fingerprint), ["contact_key.imported"]);

    const found = await findEncryptionKeyFor(t.db, { email: "BOB@example.net" });
    assert.equal(found?.fingerprint, bob.fingerprint);
    assert.equal(await findEncryptionKeyFor(t.db, { email: "carol@example.net" }), null);
  });

  test("a revocation uploaded later is merged: the key is flagged and never chosen", async () => {
    const dave = gpg.generateKey("dave@example.net");
    const url = "/api/keys/contacts";
    await t.request("POST", url, { as: handler, body: { armored: dave.armoredPublic } });
    assert.equal(
      (await findEncryptionKeyFor(t.db, { email: "dave@example.net" }))?.fingerprint,
      dave.fingerprint,
    );

    gpg.importKey(gpg.revocationCertificate(dave.fingerprint));
    const revoked = gpg.run(["--armor", "--export", dave.fingerprint]).stdout.toString();
    const response = await t.request("POST", url, {
      as: handler,
      body: { armored: revoked, source: "mail" },
    });
    assert.equal(response.statusCode, 201, response.body);
    const [view] = response.json().updated;
    assert.equal(view.revoked, true);
    assert.equal(view.source, "upload", "the first source is kept");
    assert.deepEqual(
      view.warnings.map((w: { code: string }) => w.code),
      ["revoked"],
    );
    assert.deepEqual(await auditActions(dave.fingerprint), [
      "contact_key.imported",
      "contact_key.updated",
    ]);
    assert.equal(await findEncryptionKeyFor(t.db, { email: "dave@example.net" }), null);
  });

  test("an expired key is listed with a warning and never chosen for encryption", async () => {
    const old = gpg.generateKey("old@example.net", "20200101T000000");
    const response = await t.request("POST", "/api/keys/contacts", {
      as: handler,
      body: { armored: old.armoredPublic },
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.deepEqual(
      response.json().imported[0].warnings.map((w: { code: string }) => w.code),
      ["expired"],
    );
    assert.equal(await findEncryptionKeyFor(t.db, { email: "old@example.net" }), null);
  });

  test("an upload over the key size limit is 413 PAYLOAD_TOO_LARGE", async () => {
    const armored = `-----BEGIN PGP PUBLIC KEY BLOCK-----\n${"A".repeat(4_300_000)}`;
    assertError(
      await t.request("POST", "/api/keys/contacts", { as: handler, body: { armored } }),
      413,
      "PAYLOAD_TOO_LARGE",
    );
  });
});

describe("GET /api/keys", () => {
  test("401, 403 for constituents, 200 for team members with team and contact keys", async () => {
    assertError(await t.request("GET", "/api/keys"), 401, "UNAUTHENTICATED");
    assertError(await t.request("GET", "/api/keys", { as: constituent }), 403, "FORBIDDEN");
    for (const who of [admin, handler, auditor]) {
      const response = await t.request("GET", "/api/keys", { as: who });
      assert.equal(response.statusCode, 200, response.body);
      const list = response.json();
      assert.ok(list.team.length >= 3);
      assert.ok(list.contacts.length >= 2);
      assert.ok(list.team.every((k: object) => !("encryptedSecret" in k)));
    }
  });
});
