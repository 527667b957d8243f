import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import {
  createIntakeKit,
  type IntakeKit,
  plainMessage,
  TEAM_ADDRESS,
} from "../../../test/support/intake.ts";
import {
  createOpenSslPki,
  type OpenSslPki,
  type Party,
} from "../../../test/support/openssl-pki.ts";
import type { TestUser } from "../../../test/support/test-app.ts";
import { FileBlobStore } from "../../platform/blobs/file-blob-store.ts";
import { queryRows } from "../../platform/db/client.ts";
import { sealerFromSecret } from "../../platform/sealing/sealed-secret.ts";
import { ingestRawMessage } from "../intake/ingest-raw-message.ts";
import { createIntakeDeps, type IntakeDeps } from "../intake/intake-deps.ts";
import { smimeIdentities } from "./smime.tables.ts";
import { SMIME_KEY_SEALING, smimeCrypto } from "./smime-crypto.ts";

let kit: IntakeKit;
let pki: OpenSslPki;
let team: Party;
let reporter: Party;
let stranger: Party;
let deps: IntakeDeps;
let admin: TestUser;
let handler: TestUser;

before(async () => {
  kit = await createIntakeKit();
  pki = createOpenSslPki();
  team = pki.issue("Team CERT", TEAM_ADDRESS);
  reporter = pki.issue("Rita Reporter", "reporter@example.net");
  stranger = pki.issue("Stranger", "stranger@example.net", null);
  admin = await kit.t.user("admin");
  handler = await kit.t.user("handler");
  // Intake as the composition root builds it: OpenPGP, then S/MIME.
  deps = createIntakeDeps({
    db: kit.t.db,
    blobStore: new FileBlobStore({ root: kit.blobDir }),
    keyPassphrase: kit.keyPassphrase,
    extraProviders: [
      smimeCrypto(
        kit.t.db,
        sealerFromSecret(process.env.VIGIL_SECRET_KEY as string, SMIME_KEY_SEALING),
      ),
    ],
  });
});
after(async () => {
  await kit?.close();
  pki?.cleanup();
});

const importIdentity = (as: TestUser | undefined, body: unknown) =>
  kit.t.request("POST", "/api/smime/identities", { ...(as ? { as } : {}), body });

describe("S/MIME identity and trust anchor API", () => {
  test("import: 401, 400, 403, mismatched key, then 201 with the key sealed; 409 again", async () => {
    const body = { certificate: team.certPem, privateKey: team.keyPem };
    assert.equal((await importIdentity(undefined, body)).statusCode, 401);
    assert.equal(
      (await importIdentity(admin, { certificate: team.certPem })).json().error.code,
      "VALIDATION_FAILED",
    );
    assert.equal((await importIdentity(handler, body)).json().error.code, "FORBIDDEN");
    const mismatch = await importIdentity(admin, {
      certificate: team.certPem,
      privateKey: reporter.keyPem,
    });
    assert.equal(mismatch.statusCode, 400);
    assert.equal(mismatch.json().error.code, "CERTIFICATE_INVALID");
    const garbage = await importIdentity(admin, {
      certificate: "not a pem",
      privateKey: team.keyPem,
    });
    assert.equal(garbage.json().error.code, "CERTIFICATE_INVALID");

    const created = await importIdentity(admin, body);
    assert.equal(created.statusCode, 201, created.body);
    const view = created.json();
    assert.match(view.fingerprint, /^[0-9A-F]{64}$/);
    assert.match(view.subject, /CN=Team CERT/);
    assert.deepEqual(view.emails, [TEAM_ADDRESS]);
    assert.deepEqual(
      view.warnings.map((w: { code: string }) => w.code),
      ["expiring-soon"],
    );
    const [row] = await kit.t.db
      .select()
      .from(smimeIdentities)
      .where(eq(smimeIdentities.fingerprint, view.fingerprint));
    assert.match(row?.sealedPrivateKey ?? "", /^v1\./);
    assert.ok(!JSON.stringify(row).includes("PRIVATE KEY"));
    assert.equal((await importIdentity(admin, body)).json().error.code, "CERTIFICATE_EXISTS");
  });

  test("trust: CA certificates only, idempotent, listed, removable; audited", async () => {
    const add = (as: TestUser, certificate: string) =>
      kit.t.request("POST", "/api/smime/trust-anchors", { as, body: { certificate } });
    assert.equal((await add(handler, pki.ca.certPem)).json().error.code, "FORBIDDEN");
    assert.equal((await add(admin, reporter.certPem)).json().error.code, "CERTIFICATE_INVALID");
    const added = await add(admin, pki.ca.certPem);
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(added.json().added.length, 1);
    assert.equal((await add(admin, pki.ca.certPem)).json().added.length, 0);

    const list = await kit.t.request("GET", "/api/smime", { as: handler });
    assert.equal(list.statusCode, 200, list.body);
    assert.equal(list.json().identities.length, 1);
    assert.equal(list.json().trustAnchors.length, 1);
    const constituent = await kit.t.user("constituent", { tenantId: kit.t.defaultTenantId });
    assert.equal((await kit.t.request("GET", "/api/smime", { as: constituent })).statusCode, 403);

    const other = createOpenSslPki();
    try {
      const extra = await add(admin, other.ca.certPem);
      const fingerprint = extra.json().added[0].fingerprint;
      const url = `/api/smime/trust-anchors/${fingerprint.toLowerCase()}`;
      assert.equal((await kit.t.request("DELETE", url, { as: admin })).statusCode, 204);
      assert.equal(
        (await kit.t.request("DELETE", url, { as: admin })).json().error.code,
        "CERTIFICATE_NOT_FOUND",
      );
      const actions = await queryRows<{ action: string }>(
        kit.t.db,
        sql`SELECT action FROM audit_log WHERE entity_id = ${fingerprint} ORDER BY seq`,
      );
      assert.deepEqual(
        actions.map((a) => a.action),
        ["smime_trust_anchor.added", "smime_trust_anchor.removed"],
      );
    } finally {
      other.cleanup();
    }
  });
});

describe("S/MIME mail through intake (fixtures made by OpenSSL)", () => {
  const headers = ["-from", "reporter@example.net", "-to", TEAM_ADDRESS, "-subject"];
  const content = (text: string) =>
    Buffer.from(`Content-Type: text/plain; charset=utf-8\r\n\r\n${text}\r\n`);
  const withMessageId = (raw: Buffer) =>
    Buffer.concat([Buffer.from(`Message-ID: <${crypto.randomUUID()}@example.net>\r\n`), raw]);

  const sign = (who: Party, text: string) =>
    pki.sign(who, content(text), [...headers, "Signed report"]);
  function encrypt(inner: Buffer, to: Party, subject: string): Buffer {
    const input = pki.file(`${crypto.randomUUID()}.eml`, inner);
    return pki.run(["cms", "-encrypt", "-aes-256-gcm", "-in", input, ...headers, subject, to.cert]);
  }

  async function messageOf(raw: Buffer) {
    const result = await ingestRawMessage(
      deps,
      {
        raw: withMessageId(raw),
        source: { kind: "api" },
        envelope: { from: "reporter@example.net", to: [TEAM_ADDRESS] },
      },
      { processNow: true },
    );
    assert.equal(result.status, "accepted");
    assert.ok(result.reportId);
    const res = await kit.t.request("GET", `/api/reports/${result.reportId}/messages`, {
      as: handler,
    });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items[0];
  }

  test("encrypted and signed by a trusted reporter: decrypted text, valid signature, signer", async () => {
    const signed = sign(reporter, "Phishing wave against our bank [URGENT]");
    const message = await messageOf(encrypt(signed, team, "Report"));
    assert.equal(message.crypto.encrypted, true);
    assert.equal(message.crypto.decrypted, true, JSON.stringify(message.crypto));
    assert.equal(message.crypto.signature, "valid", JSON.stringify(message.crypto));
    assert.match(message.crypto.signer, /^[0-9A-F]{64}$/);
    assert.match(message.crypto.notes.join(" "), /CN=Rita Reporter/);
    assert.match(message.text, /Phishing wave against our bank/);
  });

  test("tampered: invalid; untrusted signer: unknown-key; not for us: kept, not decrypted", async () => {
    const tampered = Buffer.from(
      sign(reporter, "Pay 100 EUR").toString("latin1").replace("100 EUR", "900 EUR"),
      "latin1",
    );
    assert.equal((await messageOf(tampered)).crypto.signature, "invalid");
    assert.equal((await messageOf(sign(stranger, "Hello"))).crypto.signature, "unknown-key");
    const notForUs = await messageOf(
      encrypt(Buffer.from(plainMessage({ subject: "x" })), reporter, "Other"),
    );
    assert.equal(notForUs.crypto.encrypted, true);
    assert.equal(notForUs.crypto.decrypted, false);
  });
});
