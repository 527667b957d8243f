import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  assertError,
  type EndpointCase,
  endpointTable,
  type Json,
} from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";

interface Fixture {
  id: string;
  version: number;
}

let t: TestApp;
let tenantA: string;
let tenantB: string;
let admin: TestUser;
let handler: TestUser;
let handlerB: TestUser;
let constituentB: TestUser;

async function post(as: TestUser, url: string, body: unknown): Promise<Json> {
  const res = await t.request("POST", url, { as, body });
  assert.ok(res.statusCode < 300, res.body);
  return res.json();
}

const freshIncident = async (): Promise<Fixture> => {
  const i = await post(handler, "/api/incidents", { title: "Phishing wave", tenant: tenantA });
  return { id: i.id, version: i.version };
};
const freshReport = async (): Promise<Fixture> => {
  const r = await post(handler, "/api/reports", {
    subject: "Hameçonnage: faux portail de connexion",
    summary: "Phishing page imitating our SSO",
    channel: "email",
    tenant: tenantA,
  });
  return { id: r.id, version: r.version };
};
const incidentVersion = async (id: string) =>
  (await t.request("GET", `/api/incidents/${id}`, { as: handler })).json().version;
const reportVersion = async (id: string) =>
  (await t.request("GET", `/api/reports/${id}`, { as: handler })).json().version;

const decision = { impact: "major", scope: "several", rsitClass: "fraud", rsitType: "phishing" };

before(async () => {
  t = await createTestApp();
  tenantA = await t.tenant("acme");
  tenantB = await t.tenant("globex");
  admin = await t.user("admin");
  handler = await t.user("handler");
  handlerB = await t.user("handler", { tenantId: tenantB });
  constituentB = await t.user("constituent", { tenantId: tenantB });
});

after(async () => {
  await t.close();
});

const outsiders = () => [handlerB, constituentB];

/** The endpoint-table context shared by this file's tables. */
const context = (
  insider: () => TestUser,
  fresh: () => Promise<Fixture>,
  version: (id: string) => Promise<number>,
  notFoundCode: string,
) => ({ t: () => t, insider, outsiders, fresh, version, notFoundCode });

describe("incident triage endpoints", () => {
  const endpoints: EndpointCase<Fixture>[] = [
    {
      route: "POST /api/incidents/:id/triage",
      request: (f) => ({
        method: "POST",
        url: `/api/incidents/${f.id}/triage`,
        body: { ...decision, version: f.version },
      }),
      invalid: (f) => ({
        method: "POST",
        url: `/api/incidents/${f.id}/triage`,
        body: { ...decision, impact: "apocalyptic", version: f.version },
      }),
      success: 200,
      perCase: true,
    },
    {
      route: "GET /api/incidents/:id/triage",
      request: (f) => ({ method: "GET", url: `/api/incidents/${f.id}/triage` }),
      invalid: () => ({ method: "GET", url: `/api/incidents/${"x".repeat(65)}/triage` }),
      success: 200,
      perCase: true,
    },
  ];
  endpointTable(
    endpoints,
    context(() => handler, freshIncident, incidentVersion, "INCIDENT_NOT_FOUND"),
    describe,
    test,
  );
});

describe("report triage endpoints", () => {
  const endpoints: EndpointCase<Fixture>[] = [
    {
      route: "POST /api/reports/:id/triage",
      request: (f) => ({ method: "POST", url: `/api/reports/${f.id}/triage`, body: decision }),
      invalid: (f) => ({
        method: "POST",
        url: `/api/reports/${f.id}/triage`,
        body: { ...decision, validity: "maybe" },
      }),
      success: 200,
      perCase: true,
    },
    {
      route: "GET /api/reports/:id/rsit-suggestions",
      request: (f) => ({ method: "GET", url: `/api/reports/${f.id}/rsit-suggestions` }),
      invalid: () => ({ method: "GET", url: `/api/reports/${"x".repeat(65)}/rsit-suggestions` }),
      success: 200,
      perCase: true,
    },
  ];
  endpointTable(
    endpoints,
    context(() => handler, freshReport, reportVersion, "REPORT_NOT_FOUND"),
    describe,
    test,
  );
});

describe("matrix, suggestion and queue endpoints", () => {
  const cells = {
    none: { single: "low", several: "low", many: "low", organisation_wide: "low" },
    minor: { single: "low", several: "low", many: "low", organisation_wide: "medium" },
    moderate: { single: "medium", several: "medium", many: "medium", organisation_wide: "high" },
    major: { single: "medium", several: "high", many: "high", organisation_wide: "critical" },
    severe: { single: "high", several: "high", many: "critical", organisation_wide: "critical" },
  };
  const endpoints: EndpointCase<Fixture>[] = [
    {
      route: "GET /api/severity-matrix",
      request: () => ({ method: "GET", url: "/api/severity-matrix" }),
      invalid: () => ({ method: "GET", url: "/api/severity-matrix?colour=red" }),
      success: 200,
      perCase: false,
    },
    {
      route: "GET /api/severity-matrix/versions",
      request: () => ({ method: "GET", url: "/api/severity-matrix/versions?tenant=acme" }),
      invalid: () => ({
        method: "GET",
        url: `/api/severity-matrix/versions?tenant=${"x".repeat(65)}`,
      }),
      success: 200,
      perCase: false,
    },
    {
      route: "PUT /api/severity-matrix",
      request: () => ({
        method: "PUT" as never,
        url: "/api/severity-matrix",
        body: { tenant: "acme", cells },
      }),
      invalid: () => ({
        method: "PUT" as never,
        url: "/api/severity-matrix",
        body: { cells: { ...cells, none: { single: "low" } } },
      }),
      success: 201,
      perCase: false,
    },
    {
      route: "POST /api/rsit/suggest",
      request: () => ({ method: "POST", url: "/api/rsit/suggest", body: { text: "DDoS" } }),
      invalid: () => ({ method: "POST", url: "/api/rsit/suggest", body: { text: 42 } }),
      success: 200,
      perCase: false,
    },
    {
      route: "GET /api/queue",
      request: () => ({ method: "GET", url: "/api/queue?severity=high" }),
      invalid: () => ({ method: "GET", url: "/api/queue?severity=apocalyptic" }),
      success: 200,
      perCase: false,
    },
  ];
  endpointTable(
    endpoints,
    context(() => admin, freshIncident, incidentVersion, "INCIDENT_NOT_FOUND"),
    describe,
    test,
  );

  test("only admins edit a matrix; tenant-bound staff read their own tenant's and no other", async () => {
    assertError(
      await t.request("PUT", "/api/severity-matrix", { as: handler, body: { cells } }),
      403,
      "FORBIDDEN",
    );
    const own = await t.request("GET", "/api/severity-matrix", { as: handlerB });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().inherited, true);
    assertError(
      await t.request("GET", "/api/severity-matrix?tenant=acme", { as: handlerB }),
      404,
      "TENANT_NOT_FOUND",
    );
  });
});

describe("triage decisions", () => {
  test("severity from the matrix, priority from the rule, all recorded and explained", async () => {
    const asset = await post(handler, "/api/assets", {
      name: "sso.acme.example",
      kind: "application",
      criticality: "critical",
      identifiers: ["sso.acme.example", "192.0.2.10"],
      tenant: tenantA,
    });
    const f = await freshIncident();
    const res = await t.request("POST", `/api/incidents/${f.id}/triage`, {
      as: handler,
      headers: { "if-match": `"${f.version}"` },
      body: {
        validity: "true positive",
        impact: "major",
        scope: "several",
        businessImpact: "high",
        assetIds: [asset.id],
        rsitClass: "fraud",
        rsitType: "phishing",
        rationale: "SSO phishing kit with working credential harvesting",
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.severity, "high");
    assert.equal(body.priority, "P1", body.explanation.join(" "));
    assert.equal(body.incident.severity, "high");
    assert.equal(body.incident.priority, "P1");
    assert.equal(body.incident.rsitType, "phishing");
    assert.equal(body.incident.version, f.version + 1);
    assert.match(
      body.explanation[0],
      /^Impact major × scope several → high \((team default|tenant) matrix v\d+\)\.$/,
    );
    assert.equal(res.headers.etag, `"${f.version + 1}"`);

    const timeline = (
      await t.request("GET", `/api/incidents/${f.id}/timeline`, { as: handler })
    ).json();
    const event = timeline.items.find((e: Json) => e.type === "incident.triaged");
    assert.ok(event, "incident.triaged on the timeline");
    assert.equal(event.data.validity, "true_positive");
    assert.deepEqual(event.data.inputs, {
      impact: "major",
      scope: "several",
      businessImpact: "high",
      assetIds: [asset.id],
      assetCriticality: "critical",
    });
    assert.equal(event.data.matrix.version, 1);
    assert.deepEqual(event.data.result, { severity: "high", priority: "P1", score: 16 });
    assert.equal(event.data.changes.severity.to, "high");

    const decisions = (
      await t.request("GET", `/api/incidents/${f.id}/triage`, { as: handler })
    ).json();
    assert.equal(decisions.items.length, 1);
    assert.equal(decisions.items[0].decidedBy, handler.id);
    assert.equal(
      decisions.items[0].rationale,
      "SSO phishing kit with working credential harvesting",
    );

    const audit = (await t.request("GET", "/api/audit?limit=200", { as: admin })).json();
    assert.ok(
      audit.items.some((a: Json) => a.action === "incident.triaged" && a.entityId === f.id),
      "audit record",
    );
  });

  test("a stale version is refused and changes nothing", async () => {
    const f = await freshIncident();
    await post(handler, `/api/incidents/${f.id}/triage`, { ...decision, version: f.version });
    assertError(
      await t.request("POST", `/api/incidents/${f.id}/triage`, {
        as: handler,
        body: { ...decision, impact: "none", version: f.version },
      }),
      409,
      "VERSION_CONFLICT",
    );
    assertError(
      await t.request("POST", `/api/incidents/${f.id}/triage`, { as: handler, body: decision }),
      428,
      "PRECONDITION_REQUIRED",
    );
    assert.equal(await incidentVersion(f.id), f.version + 1);
  });

  test("assets of another tenant and unknown RSIT classes are refused", async () => {
    const foreign = await post(handlerB, "/api/assets", {
      name: "globex-erp",
      kind: "application",
      criticality: "high",
    });
    const f = await freshIncident();
    assertError(
      await t.request("POST", `/api/incidents/${f.id}/triage`, {
        as: handler,
        body: { ...decision, assetIds: [foreign.id], version: f.version },
      }),
      404,
      "ASSET_NOT_FOUND",
    );
    assertError(
      await t.request("POST", `/api/incidents/${f.id}/triage`, {
        as: handler,
        body: { ...decision, rsitClass: "aliens", version: f.version },
      }),
      400,
      "UNKNOWN_RSIT_CLASS",
    );
    assert.equal(await incidentVersion(f.id), f.version);
  });

  test("a new matrix version changes later decisions, and old ones still name theirs", async () => {
    const first = await freshIncident();
    const before = await post(handler, `/api/incidents/${first.id}/triage`, {
      impact: "moderate",
      scope: "single",
      version: first.version,
    });
    assert.equal(before.severity, "medium");
    const tenantCells = (await t.request("GET", "/api/severity-matrix", { as: handler })).json()
      .cells;
    tenantCells.moderate.single = "critical";
    const saved = await t.request("PUT", "/api/severity-matrix", {
      as: admin,
      body: { tenant: "acme", cells: tenantCells, note: "acme is touchy" },
    });
    assert.equal(saved.statusCode, 201, saved.body);
    const second = await freshIncident();
    const after_ = await post(handler, `/api/incidents/${second.id}/triage`, {
      impact: "moderate",
      scope: "single",
      version: second.version,
    });
    assert.equal(after_.severity, "critical");
    assert.match(after_.explanation[0], /tenant matrix v\d/);
    const [old] = (
      await t.request("GET", `/api/incidents/${first.id}/triage`, { as: handler })
    ).json().items;
    const versions = (
      await t.request("GET", "/api/severity-matrix/versions?tenant=acme", { as: handler })
    ).json();
    assert.ok(versions.items.length >= 1);
    assert.notEqual(
      old.matrixId,
      versions.items[0].id,
      "the old decision keeps the version it used",
    );
  });

  test("triaging a report creates its incident once, then updates it", async () => {
    const r = await freshReport();
    const suggestions = (
      await t.request("GET", `/api/reports/${r.id}/rsit-suggestions`, { as: handler })
    ).json();
    assert.equal(suggestions.items[0].type, "phishing");
    const first = await post(handler, `/api/reports/${r.id}/triage`, {
      ...decision,
      scope: "single",
    });
    assert.equal(first.created, true);
    assert.equal(first.incident.title, "Hameçonnage: faux portail de connexion");
    const report = (await t.request("GET", `/api/reports/${r.id}`, { as: handler })).json();
    assert.equal(report.incidentId, first.incident.id);
    const second = await post(handler, `/api/reports/${r.id}/triage`, {
      ...decision,
      scope: "many",
    });
    assert.equal(second.created, false);
    assert.equal(second.incident.id, first.incident.id);
    assert.equal(second.severity, "critical");
  });
});
