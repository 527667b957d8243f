import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createGnuPG, type GnuPG } from "../../../test/support/gnupg.ts";
import { type Call, endpointTable, type Json } from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";
import { queryRows, sql } from "../../platform/db/client.ts";
import { seeds } from "./rfc2350-import.test.ts";
import { securityTxtProblems } from "./security-txt.ts";
import { warnSecurityTxtExpiry } from "./security-txt-expiry-job.ts";

process.env.VIGIL_SECRET_KEY = "test-instance-secret-of-at-least-32-characters";

let t: TestApp;
let gpg: GnuPG;
let admin: TestUser;
let handler: TestUser;
let constituent: TestUser;
let certKey: Json;

before(async () => {
  t = await createTestApp({ baseUrl: "https://vigil.example.org" });
  gpg = createGnuPG();
  admin = await t.user("admin");
  handler = await t.user("handler");
  constituent = await t.user("constituent", { tenantId: t.defaultTenantId });
});
after(async () => {
  await t?.close();
  gpg?.cleanup();
});

const code = (res: { json: () => Json }) => res.json().error?.code;

/** The text a cleartext-signed message signs (dash-escaping undone). */
function signedBody(armored: string): string {
  const start = armored.indexOf("\n\n") + 2;
  const end = armored.indexOf("\n-----BEGIN PGP SIGNATURE-----");
  return armored
    .slice(start, end)
    .split("\n")
    .map((l) => l.replace(/^- /, ""))
    .join("\n");
}

function assertGpgVerifies(armored: string, fingerprint: string): void {
  const result = gpg.run(["--verify"], armored);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(
    result.status.some((l) => l.startsWith("[GNUPG:] GOODSIG")),
    result.stderr,
  );
  assert.ok(
    result.status.some((l) => l.startsWith("[GNUPG:] VALIDSIG") && l.includes(fingerprint)),
    result.stderr,
  );
}

describe("publishing before any profile", () => {
  test("public routes need no login and answer PROFILE_NOT_FOUND", async () => {
    for (const url of [
      "/rfc2350.txt",
      "/rfc2350.md",
      "/rfc2350.html",
      "/.well-known/security.txt",
    ]) {
      const res = await t.request("GET", url);
      assert.equal(res.statusCode, 404, `${url}: ${res.body}`);
      assert.equal(code(res), "PROFILE_NOT_FOUND");
    }
  });
});

describe("import, publish, edit", () => {
  test("an admin imports the Thales seed; listed keys are bound to the stored team keys", async () => {
    const created = await t.request("POST", "/api/keys/team", {
      as: admin,
      body: { name: "Example CERT", email: "cert@example.org", purpose: "cert" },
    });
    assert.equal(created.statusCode, 201, created.body);
    certKey = created.json();
    assert.equal(
      code(
        await t.request("POST", "/api/profile/import", {
          as: handler,
          body: { text: seeds.thales },
        }),
      ),
      "FORBIDDEN",
    );
    const res = await t.request("POST", "/api/profile/import", {
      as: admin,
      body: { text: seeds.thales },
    });
    assert.equal(res.statusCode, 200, res.body);
    const view = res.json();
    assert.equal(view.revision, 1);
    assert.equal(view.documentVersion, "3.0");
    assert.match(view.warnings.join(" "), new RegExp(`stored cert key ${certKey.fingerprint}`));
    assert.deepEqual(
      view.keys.map((k: Json) => [k.purpose, k.status, k.publicKeyUrl]),
      [
        ["cert", "matches", `/api/keys/team/${certKey.fingerprint}.asc`],
        ["psirt", "not-stored", null],
      ],
    );
  });

  test("GET /rfc2350.txt is the signed text GnuPG verifies; .md and .html need no login either", async () => {
    const publicKey = await t.request("GET", `/api/keys/team/${certKey.fingerprint}.asc`);
    gpg.importKey(publicKey.body);
    const res = await t.request("GET", "/rfc2350.txt");
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.headers["content-type"] as string, /^text\/plain/);
    assert.match(res.body, /^-----BEGIN PGP SIGNED MESSAGE-----/);
    assertGpgVerifies(res.body, certKey.fingerprint);
    assert.match(signedBody(res.body), /^2\.9\.2\. Date of establishment$/m);
    assert.match(
      signedBody(res.body),
      /^Operating hours: Monday–Friday 09:00–18:00 \(Europe\/Paris\)\.$/m,
    );

    const md = await t.request("GET", "/rfc2350.md");
    assert.equal(md.statusCode, 200);
    assert.match(md.headers["content-type"] as string, /^text\/markdown/);
    const html = await t.request("GET", "/rfc2350.html");
    assert.equal(html.statusCode, 200);
    assert.match(html.body, /<h2>1\. About this document<\/h2>/);
  });

  test("security.txt is signed, valid RFC 9116, Canonical and Encryption served by Vigil", async () => {
    const res = await t.request("GET", "/.well-known/security.txt");
    assert.equal(res.statusCode, 200, res.body);
    assertGpgVerifies(res.body, certKey.fingerprint);
    const body = signedBody(res.body);
    const canonicalUrl = "https://vigil.example.org/.well-known/security.txt";
    assert.deepEqual(securityTxtProblems(body, { canonicalUrl, now: new Date() }), []);
    assert.match(body, /^Contact: mailto:psirt@thalesgroup\.com$/m);
    assert.match(body, /^Contact: tel:\+33-1-73-17-04-00$/m);
    const encryption = /^Encryption: (.+)$/m.exec(body)?.[1] ?? "";
    assert.equal(encryption, `https://vigil.example.org/api/keys/team/${certKey.fingerprint}.asc`);
    const key = await t.request("GET", new URL(encryption).pathname);
    assert.equal(key.statusCode, 200);
    const expires = new Date(/^Expires: (.+)$/m.exec(body)?.[1] ?? "");
    const days = (expires.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 179 && days <= 180, `Expires ${days} days ahead`);
  });

  test("editing the operating hours: new version, history, published text and SLA calendar follow", async () => {
    const current = await t.request("GET", "/api/profile", { as: handler });
    assert.equal(current.headers.etag, '"1"');
    const profile = current.json().profile;
    profile.contact.operatingHours.weekly.sat = [["10:00", "14:00"]];
    profile.contact.operatingHours.holidays = [{ date: "2026-12-25", name: "Christmas" }];

    const missing = await t.request("PUT", "/api/profile", { as: admin, body: { profile } });
    assert.equal(code(missing), "PRECONDITION_REQUIRED");
    const res = await t.request("PUT", "/api/profile", {
      as: admin,
      body: { profile },
      headers: { "if-match": '"1"' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().documentVersion, "3.1");
    assert.equal(res.json().lastUpdated, new Date().toISOString().slice(0, 10));
    const stale = await t.request("PUT", "/api/profile", {
      as: admin,
      body: { profile, version: 1 },
    });
    assert.equal(code(stale), "VERSION_CONFLICT");

    const text = signedBody((await t.request("GET", "/rfc2350.txt")).body);
    assert.match(
      text,
      /^Operating hours: Monday–Friday 09:00–18:00; Saturday 10:00–14:00 \(Europe\/Paris\)\.$/m,
    );
    assert.match(text, /^Closed on: 2026-12-25 \(Christmas\)\.$/m);
    assert.match(text, /^Version 3\.1, last updated /m);

    const [calendar] = await queryRows<Json>(
      t.db,
      sql`SELECT time_zone, weekly_hours, holidays::text[] AS holidays FROM sla_calendars WHERE tenant_id IS NULL`,
    );
    assert.equal(calendar?.time_zone, "Europe/Paris");
    assert.deepEqual(calendar?.weekly_hours.sat, [["10:00", "14:00"]]);
    assert.deepEqual(calendar?.holidays, ["2026-12-25"]);

    const history = (await t.request("GET", "/api/profile/history", { as: admin })).json().items;
    assert.deepEqual(
      history.map((h: Json) => [h.revision, h.documentVersion, h.source]),
      [
        [2, "3.1", "edit"],
        [1, "3.0", "import"],
      ],
    );
    const first = await t.request("GET", "/api/profile/history/1", { as: admin });
    assert.deepEqual(first.json().profile.contact.operatingHours.weekly.sat, []);
    assert.equal(
      code(await t.request("GET", "/api/profile/history/99", { as: admin })),
      "PROFILE_NOT_FOUND",
    );
  });

  test("history rows are immutable", async () => {
    await assert.rejects(
      t.db.execute(sql`UPDATE team_profile_versions SET source = 'edit'`),
      (err: Error) =>
        /append-only/.test(String((err.cause as Error | undefined)?.message ?? err.message)),
    );
  });

  test("constituents do not read the admin API", async () => {
    assert.equal(code(await t.request("GET", "/api/profile", { as: constituent })), "FORBIDDEN");
  });

  test("export: text, markdown, html, signed on request", async () => {
    const res = await t.request("GET", "/api/profile/export?format=text&sign=true", {
      as: handler,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().signed, true);
    assertGpgVerifies(res.json().content, certKey.fingerprint);
    const md = await t.request("GET", "/api/profile/export?format=markdown", { as: handler });
    assert.match(md.json().content, /^## 2\. Contact information$/m);
  });

  test("the expiry job warns admins once before security.txt expires", async () => {
    const [row] = await queryRows<{ at: Date }>(
      t.db,
      sql`SELECT security_txt_expires_at AS at FROM team_profile`,
    );
    const at = new Date(row?.at as Date);
    assert.equal(
      await warnSecurityTxtExpiry(t.db, { now: new Date(at.getTime() - 60 * 86_400_000) }),
      null,
    );
    const soon = new Date(at.getTime() - 10 * 86_400_000);
    assert.equal((await warnSecurityTxtExpiry(t.db, { now: soon }))?.daysLeft, 10);
    await warnSecurityTxtExpiry(t.db, { now: soon });
    const notes = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${admin.id} AND kind = 'profile.security_txt_expiring'`,
    );
    assert.deepEqual(notes, [{ n: 1 }]);
    const audits = await queryRows<{ n: number }>(
      t.db,
      sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'profile.security_txt_expiring'`,
    );
    assert.deepEqual(audits, [{ n: 1 }]);
  });
});

interface ProfileFixture {
  id: string;
  version: number;
  profile: Json;
}

const currentRevision = async () =>
  (await queryRows<{ r: number }>(t.db, sql`SELECT revision AS r FROM team_profile`))[0]?.r ?? 0;

describe("admin endpoints", () => {
  const put = "PUT" as Call["method"];
  endpointTable<ProfileFixture>(
    [
      {
        route: "PUT /api/profile",
        request: (f) => ({
          method: put,
          url: "/api/profile",
          body: { profile: f.profile, version: f.version },
        }),
        invalid: (f) => ({
          method: put,
          url: "/api/profile",
          body: {
            profile: { contact: { timeZone: { zone: "Mars/Olympus" } } },
            version: f.version,
          },
        }),
        success: 200,
        perCase: false,
      },
      {
        route: "POST /api/profile/import",
        request: () => ({
          method: "POST",
          url: "/api/profile/import",
          body: { text: seeds.cheops },
        }),
        invalid: () => ({ method: "POST", url: "/api/profile/import", body: { text: "" } }),
        success: 200,
        perCase: false,
      },
      {
        route: "GET /api/profile/history/:revision",
        request: () => ({ method: "GET", url: "/api/profile/history/1" }),
        invalid: () => ({ method: "GET", url: "/api/profile/history/first" }),
        success: 200,
        perCase: false,
      },
      {
        route: "GET /api/profile/export",
        request: () => ({ method: "GET", url: "/api/profile/export?format=html" }),
        invalid: () => ({ method: "GET", url: "/api/profile/export?format=pdf" }),
        success: 200,
        perCase: false,
      },
      {
        route: "POST /api/profile/security-txt/renew",
        request: () => ({
          method: "POST",
          url: "/api/profile/security-txt/renew",
          body: { days: 90 },
        }),
        invalid: () => ({
          method: "POST",
          url: "/api/profile/security-txt/renew",
          body: { days: 400 },
        }),
        success: 200,
        perCase: false,
      },
    ],
    {
      t: () => t,
      insider: () => admin,
      outsiders: () => [],
      fresh: async () => ({
        id: "team",
        version: await currentRevision(),
        profile: (await t.request("GET", "/api/profile", { as: admin })).json().profile,
      }),
      version: () => currentRevision(),
      notFoundCode: "PROFILE_NOT_FOUND",
    },
    describe,
    test,
  );
});

describe("fingerprints", () => {
  test("a profile listing another key than the stored one is refused: PROFILE_KEY_MISMATCH", async () => {
    const view = (await t.request("GET", "/api/profile", { as: admin })).json();
    const profile = view.profile;
    profile.contact.publicKeys.keys = [
      {
        purpose: "cert",
        fingerprint: "ECDF D820 845A AACD 9627 627E 4C52 0648 026A 9D84",
        userId: "",
      },
    ];
    const res = await t.request("PUT", "/api/profile", {
      as: admin,
      body: { profile, version: view.revision },
    });
    assert.equal(res.statusCode, 409, res.body);
    assert.equal(code(res), "PROFILE_KEY_MISMATCH");
    assert.equal(await currentRevision(), view.revision, "nothing saved");
  });

  test("after the team key changes, publishing refuses until the profile lists the new key", async () => {
    const rotated = await t.request("POST", "/api/keys/team", {
      as: admin,
      body: { name: "Example CERT", email: "cert@example.org", purpose: "cert", primary: true },
    });
    assert.equal(rotated.statusCode, 201, rotated.body);
    for (const url of ["/rfc2350.txt", "/.well-known/security.txt"]) {
      assert.equal(code(await t.request("GET", url)), "PROFILE_KEY_MISMATCH", url);
    }
    const keys = (await t.request("GET", "/api/profile", { as: admin })).json().keys;
    assert.deepEqual(
      keys.map((k: Json) => [k.status, k.storedFingerprint]),
      [["mismatch", rotated.json().fingerprint]],
    );
  });
});
