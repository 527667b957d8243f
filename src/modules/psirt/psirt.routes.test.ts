import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  assertError,
  type EndpointCase,
  endpointTable,
  type Json,
} from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";
import { cveRecordProblems } from "./cve-schema.ts";
import { sendEmbargoReminders } from "./send-embargo-reminders.ts";

interface Fixture {
  id: string;
  version: number;
}

let t: TestApp;
let tenantA: string;
let tenantB: string;
let psirtA: TestUser;
let psirtB: TestUser;
let handlerA: TestUser;
let constituentA: TestUser;
let admin: TestUser;

const caseBody = {
  title: "Stored XSS in the router admin UI",
  reporter: { name: "Rhea", email: "Rhea@Example.net", pgpFingerprint: "ABCD ".repeat(10).trim() },
  description: "Device names are not escaped.",
  impact: "Script runs in an administrator's browser.",
  internalNotes: "customer X exposed",
  cweIds: ["79"],
  affected: [
    {
      vendor: "Example Corp",
      product: "Example Router",
      versions: [{ version: "2.0", lessThan: "2.4.1", status: "affected" }],
    },
  ],
  fixVersions: ["2.4.1"],
  credits: [{ name: "Rhea", type: "finder", consent: true }],
  cvssV31: "CVSS:3.1/AV:A/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
  cvssV40: "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N",
};

async function createCase(as: TestUser = psirtA, over: Json = {}): Promise<Json> {
  const res = await t.request("POST", "/api/psirt/cases", { as, body: { ...caseBody, ...over } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function version(id: string): Promise<number> {
  const res = await t.request("GET", `/api/psirt/cases/${id}`, { as: psirtA });
  return res.json().version;
}

before(async () => {
  t = await createTestApp();
  tenantA = t.defaultTenantId;
  tenantB = await t.tenant("other-psirt");
  psirtA = await t.user("psirt", { tenantId: tenantA });
  psirtB = await t.user("psirt", { tenantId: tenantB });
  handlerA = await t.user("handler", { tenantId: tenantA });
  constituentA = await t.user("constituent", { tenantId: tenantA });
  admin = await t.user("admin");
});

after(async () => {
  await t?.close();
});

const endpoints: EndpointCase<Fixture>[] = [
  {
    route: "GET /api/psirt/cases",
    request: () => ({ method: "GET", url: "/api/psirt/cases" }),
    invalid: () => ({ method: "GET", url: "/api/psirt/cases?status=nope" }),
    success: 200,
    perCase: false,
  },
  {
    route: "POST /api/psirt/cases",
    request: () => ({ method: "POST", url: "/api/psirt/cases", body: { title: "New" } }),
    invalid: () => ({ method: "POST", url: "/api/psirt/cases", body: { title: "" } }),
    success: 201,
    perCase: false,
  },
  {
    route: "GET /api/psirt/cases/:id",
    request: (f) => ({ method: "GET", url: `/api/psirt/cases/${f.id}` }),
    invalid: () => ({ method: "GET", url: `/api/psirt/cases/${"9".repeat(65)}` }),
    success: 200,
    perCase: true,
  },
  {
    route: "PATCH /api/psirt/cases/:id",
    request: (f) => ({
      method: "PATCH",
      url: `/api/psirt/cases/${f.id}`,
      body: { impact: "worse", version: f.version },
    }),
    invalid: (f) => ({
      method: "PATCH",
      url: `/api/psirt/cases/${f.id}`,
      body: { cvssV31: 42, version: f.version },
    }),
    success: 200,
    perCase: true,
  },
  {
    route: "POST /api/psirt/cases/:id/status",
    request: (f) => ({
      method: "POST",
      url: `/api/psirt/cases/${f.id}/status`,
      body: { status: "validating", version: f.version },
    }),
    invalid: (f) => ({
      method: "POST",
      url: `/api/psirt/cases/${f.id}/status`,
      body: { status: "sideways", version: f.version },
    }),
    success: 200,
    perCase: true,
  },
  {
    route: "PUT /api/psirt/cases/:id/embargo",
    request: (f) => ({
      method: "PUT",
      url: `/api/psirt/cases/${f.id}/embargo`,
      body: { at: "2099-01-01T09:00", timeZone: "Europe/Paris", version: f.version },
    }),
    invalid: (f) => ({
      method: "PUT",
      url: `/api/psirt/cases/${f.id}/embargo`,
      body: { at: 5, version: f.version },
    }),
    success: 200,
    perCase: true,
  },
  {
    route: "POST /api/psirt/cases/:id/parties",
    request: (f) => ({
      method: "POST",
      url: `/api/psirt/cases/${f.id}/parties`,
      body: { kind: "vendor", name: "Chip Vendor" },
    }),
    invalid: (f) => ({
      method: "POST",
      url: `/api/psirt/cases/${f.id}/parties`,
      body: { kind: "friend", name: "x" },
    }),
    success: 201,
    perCase: true,
  },
  {
    route: "GET /api/psirt/cases/:id/timeline",
    request: (f) => ({ method: "GET", url: `/api/psirt/cases/${f.id}/timeline` }),
    invalid: () => ({ method: "GET", url: `/api/psirt/cases/${"x".repeat(65)}/timeline` }),
    success: 200,
    perCase: true,
  },
  {
    route: "GET /api/psirt/cases/:id/csaf",
    request: (f) => ({ method: "GET", url: `/api/psirt/cases/${f.id}/csaf` }),
    invalid: () => ({ method: "GET", url: `/api/psirt/cases/${"x".repeat(65)}/csaf` }),
    success: 200,
    perCase: true,
  },
  {
    route: "POST /api/psirt/cases/:id/messages",
    request: (f) => ({
      method: "POST",
      url: `/api/psirt/cases/${f.id}/messages`,
      body: { direction: "inbound", messageId: "<a@b>" },
    }),
    invalid: (f) => ({
      method: "POST",
      url: `/api/psirt/cases/${f.id}/messages`,
      body: { direction: "sideways", messageId: "<a@b>" },
    }),
    success: 200,
    perCase: true,
  },
];

describe("PSIRT endpoints: 401 / 400 / other tenant / success", () => {
  endpointTable(
    endpoints,
    {
      t: () => t,
      insider: () => psirtA,
      outsiders: () => [psirtB, constituentA],
      fresh: async () => {
        const c = await createCase();
        return { id: c.id, version: c.version };
      },
      version,
      notFoundCode: "PSIRT_CASE_NOT_FOUND",
    },
    describe,
    test,
  );
});

describe("vulnerability cases", () => {
  test("creation normalises reporter, CWE and CVSS, scores both vectors", async () => {
    const c = await createCase();
    assert.equal(c.status, "received");
    assert.equal(c.tlp, "AMBER");
    assert.deepEqual(c.reporter, {
      name: "Rhea",
      email: "rhea@example.net",
      pgpFingerprint: "ABCD".repeat(10),
    });
    assert.deepEqual(c.cweIds, ["CWE-79"]);
    assert.equal(c.cvssV31.baseScore, 5.2);
    assert.equal(c.cvssV40.version, "4.0");
    assert.deepEqual(c.allowedTransitions, ["validating", "rejected"]);
  });

  test("bad CVSS vectors and unknown CWE ids are refused", async () => {
    assertError(
      await t.request("POST", "/api/psirt/cases", {
        as: psirtA,
        body: { title: "x", cvssV31: "CVSS:3.1/AV:N" },
      }),
      400,
      "INVALID_CVSS_VECTOR",
    );
    assertError(
      await t.request("POST", "/api/psirt/cases", {
        as: psirtA,
        body: { title: "x", cvssV31: caseBody.cvssV40 },
      }),
      400,
      "INVALID_CVSS_VECTOR",
    );
    assertError(
      await t.request("POST", "/api/psirt/cases", {
        as: psirtA,
        body: { title: "x", cweIds: ["CWE-999999"] },
      }),
      400,
      "VALIDATION_FAILED",
    );
  });

  test("only psirt and admin manage; handlers read; constituents see nothing", async () => {
    const c = await createCase(admin, { tenant: "default" });
    assertError(
      await t.request("POST", "/api/psirt/cases", { as: handlerA, body: { title: "x" } }),
      403,
      "FORBIDDEN",
    );
    assert.equal(
      (await t.request("GET", `/api/psirt/cases/${c.id}`, { as: handlerA })).statusCode,
      200,
    );
    assertError(
      await t.request("GET", `/api/psirt/cases/${c.id}`, { as: constituentA }),
      404,
      "PSIRT_CASE_NOT_FOUND",
    );
    const list = await t.request("GET", "/api/psirt/cases", { as: constituentA });
    assert.equal(list.json().total, 0);
  });

  test("lifecycle through the API; disclosure only by publishing", async () => {
    const c = await createCase();
    let v = c.version;
    for (const status of ["validating", "confirmed", "fix_in_progress"]) {
      const res = await t.request("POST", `/api/psirt/cases/${c.id}/status`, {
        as: psirtA,
        body: { status, version: v },
      });
      assert.equal(res.statusCode, 200, res.body);
      v = res.json().version;
    }
    assertError(
      await t.request("POST", `/api/psirt/cases/${c.id}/status`, {
        as: psirtA,
        body: { status: "disclosed", version: v },
      }),
      409,
      "INVALID_TRANSITION",
    );
    assertError(
      await t.request("POST", `/api/psirt/cases/${c.id}/status`, {
        as: psirtA,
        body: { status: "received", version: v },
      }),
      409,
      "INVALID_TRANSITION",
    );
    const timeline = (
      await t.request("GET", `/api/psirt/cases/${c.id}/timeline`, { as: psirtA })
    ).json().items;
    assert.deepEqual(
      timeline.map((e: Json) => e.type),
      [
        "psirt.case_created",
        "psirt.status_changed",
        "psirt.status_changed",
        "psirt.status_changed",
      ],
    );
  });

  test("internal notes are kept out of the timeline and audit data", async () => {
    const c = await createCase();
    const res = await t.request("PATCH", `/api/psirt/cases/${c.id}`, {
      as: psirtA,
      body: { internalNotes: "the secret root cause", version: c.version },
    });
    assert.equal(res.statusCode, 200, res.body);
    const timeline = (await t.request("GET", `/api/psirt/cases/${c.id}/timeline`, { as: psirtA }))
      .body;
    assert.doesNotMatch(timeline, /secret root cause/);
    const csaf = (await t.request("GET", `/api/psirt/cases/${c.id}/csaf`, { as: psirtA })).body;
    assert.doesNotMatch(csaf, /secret root cause|customer X/);
  });
});

describe("embargo and coordinated parties", () => {
  test("the date carries its zone; each party and the viewer see it in their own zone", async () => {
    const c = await createCase();
    const res = await t.request("PUT", `/api/psirt/cases/${c.id}/embargo`, {
      as: psirtA,
      body: { at: "2099-05-01T09:00", timeZone: "Europe/Berlin", version: c.version },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().embargo.until, "2099-05-01T07:00:00.000Z");
    assert.equal(res.json().embargo.local, "2099-05-01T09:00:00+02:00[Europe/Berlin]");
    const party = await t.request("POST", `/api/psirt/cases/${c.id}/parties`, {
      as: psirtA,
      body: { kind: "cert", name: "JPCERT", email: "cc@example.jp", timeZone: "Asia/Tokyo" },
    });
    assert.equal(party.statusCode, 201, party.body);
    assert.equal(party.json().status, "unknown", "no answer yet: unknown, never not_affected");
    assert.equal(party.json().embargoLocal, "2099-05-01T16:00:00+09:00[Asia/Tokyo]");
    const view = await t.request("GET", `/api/psirt/cases/${c.id}?timeZone=America/New_York`, {
      as: psirtA,
    });
    assert.equal(view.json().embargo.viewer, "2099-05-01T03:00:00-04:00[America/New_York]");
    assertError(
      await t.request("GET", `/api/psirt/cases/${c.id}?timeZone=Nowhere/Land`, { as: psirtA }),
      400,
      "INVALID_TIME_ZONE",
    );
    assertError(
      await t.request("PUT", `/api/psirt/cases/${c.id}/embargo`, {
        as: psirtA,
        body: { at: "2099-05-01T09:00", version: view.json().version },
      }),
      400,
      "VALIDATION_FAILED",
    );
    const status = await t.request(
      "POST",
      `/api/psirt/cases/${c.id}/parties/${party.json().id}/status`,
      {
        as: psirtA,
        body: { status: "acknowledged", note: "ack by mail" },
      },
    );
    assert.equal(status.json().status, "acknowledged");
    const types = (await t.request("GET", `/api/psirt/cases/${c.id}/timeline`, { as: psirtA }))
      .json()
      .items.map((e: Json) => e.type);
    assert.deepEqual(types.slice(1), [
      "psirt.embargo_set",
      "psirt.party_added",
      "psirt.party_status_changed",
    ]);
  });

  test("publishing and sharing with non-parties before the date are refused with EMBARGO_ACTIVE", async () => {
    const c = await createCase();
    let v = c.version;
    for (const status of ["validating", "confirmed"]) {
      v = (
        await t.request("POST", `/api/psirt/cases/${c.id}/status`, {
          as: psirtA,
          body: { status, version: v },
        })
      ).json().version;
    }
    await t.request("PUT", `/api/psirt/cases/${c.id}/embargo`, {
      as: psirtA,
      body: { at: "2099-01-01T00:00:00Z", timeZone: "UTC", version: v },
    });
    assertError(
      await t.request("POST", `/api/psirt/cases/${c.id}/publish`, { as: psirtA }),
      409,
      "EMBARGO_ACTIVE",
    );
    assertError(
      await t.request("POST", `/api/psirt/cases/${c.id}/share`, {
        as: psirtA,
        body: { format: "csaf", recipients: ["press@example.com"] },
      }),
      409,
      "EMBARGO_ACTIVE",
    );
    const types = (await t.request("GET", `/api/psirt/cases/${c.id}/timeline`, { as: psirtA }))
      .json()
      .items.map((e: Json) => e.type);
    assert.ok(!types.includes("psirt.shared") && !types.includes("psirt.advisory_published"));
  });

  test("reminders before the date land on the timeline once", async () => {
    const c = await createCase();
    const soon = new Date(Date.now() + 20 * 3_600_000).toISOString();
    await t.request("PUT", `/api/psirt/cases/${c.id}/embargo`, {
      as: psirtA,
      body: { at: soon, timeZone: "UTC", version: c.version },
    });
    assert.ok((await sendEmbargoReminders(t.db)) >= 1);
    await sendEmbargoReminders(t.db);
    const reminders = (await t.request("GET", `/api/psirt/cases/${c.id}/timeline`, { as: psirtA }))
      .json()
      .items.filter((e: Json) => e.type === "psirt.embargo_reminder");
    assert.equal(reminders.length, 1);
    assert.equal(reminders[0].data.reminder, "1d");
    assert.equal(await version(c.id), c.version + 1, "reminders do not bump the case version");
  });
});

describe("CVE ids and records", () => {
  test("pool upload (admin), assignment, and a record valid against the CVE 5.1.1 schema", async () => {
    assertError(
      await t.request("POST", "/api/psirt/cve-pool", {
        as: psirtA,
        body: { ids: ["CVE-2099-0001"] },
      }),
      403,
      "FORBIDDEN",
    );
    const upload = await t.request("POST", "/api/psirt/cve-pool", {
      as: admin,
      body: { ids: ["cve-2099-0001"], range: { year: 2099, from: 1, to: 3 } },
    });
    assert.deepEqual(upload.json(), { added: 3, skipped: 0 });
    const c = await createCase();
    assertError(
      await t.request("GET", `/api/psirt/cases/${c.id}/cve-record`, { as: psirtA }),
      409,
      "CVE_NOT_ASSIGNED",
    );
    const assigned = await t.request("POST", `/api/psirt/cases/${c.id}/cve`, {
      as: psirtA,
      body: { source: "pool" },
    });
    assert.equal(assigned.statusCode, 200, assigned.body);
    assert.equal(assigned.json().cve.id, "CVE-2099-0001");
    assertError(
      await t.request("POST", `/api/psirt/cases/${c.id}/cve`, { as: psirtA, body: {} }),
      409,
      "CVE_ALREADY_ASSIGNED",
    );
    const record = await t.request("GET", `/api/psirt/cases/${c.id}/cve-record`, { as: psirtA });
    assert.equal(record.statusCode, 200, record.body);
    assert.deepEqual(cveRecordProblems(record.json()), []);
    assert.equal(record.json().dataVersion, "5.1");
    assertError(
      await t.request("POST", `/api/psirt/cases/${c.id}/cve`, {
        as: psirtA,
        body: { source: "services" },
      }),
      503,
      "CVE_SERVICES_NOT_CONFIGURED",
    );
    assertError(
      await t.request("POST", `/api/psirt/cases/${c.id}/cve/publish`, { as: psirtA, body: {} }),
      503,
      "CVE_SERVICES_NOT_CONFIGURED",
    );
  });

  test("an exhausted pool answers CVE_POOL_EMPTY", async () => {
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const c = await createCase();
      const res = await t.request("POST", `/api/psirt/cases/${c.id}/cve`, { as: psirtA, body: {} });
      ids.push(res.statusCode === 200 ? res.json().cve.id : res.json().error.code);
    }
    assert.ok(ids.includes("CVE_POOL_EMPTY"), JSON.stringify(ids));
  });
});

describe("products", () => {
  test("catalogue: create, list, edit with version; duplicates refused", async () => {
    const res = await t.request("POST", "/api/psirt/products", {
      as: psirtA,
      body: {
        vendor: "Example Corp",
        name: "Example Router",
        cpe: "cpe:2.3:h:example:router:*:*:*:*:*:*:*:*",
        purl: "pkg:generic/example-router",
        versions: [
          { version: "2.3", branch: "2.x" },
          { version: "2.4.1", branch: "2.x" },
        ],
      },
    });
    assert.equal(res.statusCode, 201, res.body);
    assertError(
      await t.request("POST", "/api/psirt/products", {
        as: psirtA,
        body: { vendor: "Example Corp", name: "Example Router" },
      }),
      409,
      "PRODUCT_EXISTS",
    );
    const edited = await t.request("PATCH", `/api/psirt/products/${res.json().id}`, {
      as: psirtA,
      body: { versions: [...res.json().versions, { version: "3.0", branch: "3.x" }], version: 1 },
    });
    assert.equal(edited.json().versions.length, 3);
    const list = await t.request("GET", "/api/psirt/products", { as: handlerA });
    assert.equal(list.json().items.length, 1);
    assert.equal(
      (await t.request("GET", "/api/psirt/products", { as: psirtB })).json().items.length,
      0,
    );
  });
});
