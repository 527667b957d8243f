import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import {
  assertError,
  type Call,
  type EndpointCase,
  endpointTable,
  type Json,
  send,
} from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";

/** A report of tenant A plus the cases an endpoint needs around it. */
interface Fixture {
  id: string;
  version: number;
  /** An open report of tenant A to merge into. */
  otherId: string;
  /** An incident of tenant A (for link). */
  incidentId: string;
}

type Endpoint = EndpointCase<Fixture>;

let t: TestApp;
let tenantA: string;
let tenantB: string;
let admin: TestUser;
let handler: TestUser;
let handlerB: TestUser;
let constituentA: TestUser;
let constituentB: TestUser;

async function createReport(as: TestUser, body: Json): Promise<Json> {
  const res = await t.request("POST", "/api/reports", { as, body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function createIncident(as: TestUser, body: Json): Promise<Json> {
  const res = await t.request("POST", "/api/incidents", { as, body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function readReport(id: string, as: TestUser = handler): Promise<Json> {
  const res = await t.request("GET", `/api/reports/${id}`, { as });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function timelineTypes(kind: "reports" | "incidents", id: string): Promise<string[]> {
  const res = await t.request("GET", `/api/${kind}/${id}/timeline`, { as: handler });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items.map((e: { type: string }) => e.type);
}

/** A linked report, so that unlink has something to do. */
async function freshFixture(): Promise<Fixture> {
  const incident = await createIncident(handler, { title: "Fixture incident", tenant: tenantA });
  const report = await createReport(constituentA, { subject: "Suspicious login" });
  const other = await createReport(constituentA, { subject: "Suspicious login (again)" });
  const linked = await t.request("POST", `/api/reports/${report.id}/link`, {
    as: handler,
    body: { incidentId: incident.id },
  });
  assert.equal(linked.statusCode, 200, linked.body);
  return {
    id: report.id,
    version: linked.json().version,
    otherId: other.id,
    incidentId: incident.id,
  };
}

const endpoints: Endpoint[] = [
  {
    route: "GET /api/reports",
    request: () => ({ method: "GET", url: "/api/reports" }),
    invalid: () => ({ method: "GET", url: "/api/reports?status=pending" }),
    success: 200,
    perCase: false,
  },
  {
    route: "POST /api/reports",
    request: () => ({ method: "POST", url: "/api/reports", body: { subject: "Spam" } }),
    invalid: () => ({ method: "POST", url: "/api/reports", body: { subject: "x", tlp: "pink" } }),
    success: 201,
    perCase: false,
  },
  {
    route: "GET /api/reports/:id",
    request: (f) => ({ method: "GET", url: `/api/reports/${f.id}` }),
    invalid: () => ({ method: "GET", url: `/api/reports/${"1".repeat(65)}` }),
    success: 200,
    perCase: true,
  },
  {
    route: "PATCH /api/reports/:id",
    request: (f) => ({
      method: "PATCH",
      url: `/api/reports/${f.id}`,
      body: { urgent: true },
      headers: { "if-match": `"${f.version}"` },
    }),
    invalid: (f) => ({
      method: "PATCH",
      url: `/api/reports/${f.id}`,
      body: { status: "merged", version: f.version },
    }),
    success: 200,
    perCase: true,
  },
  {
    route: "POST /api/reports/:id/link",
    request: (f) => ({
      method: "POST",
      url: `/api/reports/${f.id}/link`,
      body: { incidentId: f.incidentId },
    }),
    invalid: (f) => ({ method: "POST", url: `/api/reports/${f.id}/link`, body: {} }),
    success: 200,
    perCase: true,
  },
  {
    route: "POST /api/reports/:id/unlink",
    request: (f) => ({ method: "POST", url: `/api/reports/${f.id}/unlink` }),
    invalid: () => ({ method: "POST", url: `/api/reports/${"1".repeat(65)}/unlink` }),
    success: 200,
    perCase: true,
  },
  {
    route: "POST /api/reports/:id/merge",
    request: (f) => ({
      method: "POST",
      url: `/api/reports/${f.id}/merge`,
      body: { intoReportId: f.otherId },
    }),
    invalid: (f) => ({
      method: "POST",
      url: `/api/reports/${f.id}/merge`,
      body: { intoReportId: f.otherId, force: true },
    }),
    success: 200,
    perCase: true,
  },
  {
    route: "GET /api/reports/:id/timeline",
    request: (f) => ({ method: "GET", url: `/api/reports/${f.id}/timeline` }),
    invalid: () => ({ method: "GET", url: `/api/reports/${"1".repeat(65)}/timeline` }),
    success: 200,
    perCase: true,
  },
];

before(async () => {
  t = await createTestApp();
  tenantA = await t.tenant("acme");
  tenantB = await t.tenant("globex");
  admin = await t.user("admin");
  handler = await t.user("handler");
  handlerB = await t.user("handler", { tenantId: tenantB });
  constituentA = await t.user("constituent", { tenantId: tenantA });
  constituentB = await t.user("constituent", { tenantId: tenantB });
});

after(async () => {
  await t.close();
});

describe("every reports endpoint", () => {
  endpointTable(
    endpoints,
    {
      t: () => t,
      insider: () => handler,
      outsiders: () => [handlerB, constituentB],
      fresh: freshFixture,
      version: async (id) => (await readReport(id)).version,
      // Tenant B's own incident, so that link fails on the report, not the incident.
      forOutsider: async (f) => ({
        ...f,
        incidentId: (await createIncident(handlerB, { title: "B's own" })).id,
      }),
      notFoundCode: "REPORT_NOT_FOUND",
    },
    describe,
    test,
  );

  test("link answers 404 INCIDENT_NOT_FOUND alike for a foreign and a missing incident", async () => {
    const mine = await createReport(handlerB, { subject: "B's report" });
    const f = await freshFixture();
    const foreign = await t.request("POST", `/api/reports/${mine.id}/link`, {
      as: handlerB,
      body: { incidentId: f.incidentId },
    });
    const missing = await t.request("POST", `/api/reports/${mine.id}/link`, {
      as: handlerB,
      body: { incidentId: randomUUID() },
    });
    assertError(foreign, 404, "INCIDENT_NOT_FOUND");
    assertError(missing, 404, "INCIDENT_NOT_FOUND");
    assert.equal((await readReport(mine.id)).incidentId, null);
  });

  test("constituents read their reports but cannot edit, link, unlink or merge", async () => {
    const f = await freshFixture();
    assert.equal((await send(t, constituentA, endpoints[2]?.request(f) as Call)).statusCode, 200);
    assert.equal((await send(t, constituentA, endpoints[7]?.request(f) as Call)).statusCode, 200);
    for (const endpoint of endpoints.slice(3, 7)) {
      assertError(await send(t, constituentA, endpoint.request(f)), 403, "FORBIDDEN");
    }
    assert.equal((await readReport(f.id)).version, f.version);
  });
});

describe("creating reports", () => {
  test("unlabelled reports are TLP:GREEN and PAP:GREEN; channel defaults to api", async () => {
    const report = await createReport(handler, {
      subject: "  Open resolver  ",
      reporterEmail: "Alice@Example.ORG",
    });
    assert.equal(report.tlp, "GREEN");
    assert.equal(report.pap, "GREEN");
    assert.equal(report.channel, "api");
    assert.equal(report.status, "open");
    assert.equal(report.urgent, false);
    assert.equal(report.subject, "Open resolver");
    assert.equal(report.reporterEmail, "alice@example.org");
    assert.equal(report.incidentId, null);
    assert.equal(report.mergedIntoId, null);
    assert.equal(report.version, 1);
    assert.equal(report.tenantId, t.defaultTenantId);
  });

  test("labels are read leniently and returned canonically", async () => {
    const cases: [Json, string, string][] = [
      [{ tlp: "TLP:AMBER+STRICT", pap: "PAP:RED" }, "AMBER+STRICT", "RED"],
      [{ tlp: "amber", pap: "amber" }, "AMBER", "AMBER"],
      [{ tlp: " tlp:red ", pap: "clear" }, "RED", "CLEAR"],
      [{ tlp: "WHITE" }, "CLEAR", "GREEN"],
    ];
    for (const [labels, tlp, pap] of cases) {
      const report = await createReport(handler, { subject: "labels", ...labels });
      assert.equal(report.tlp, tlp, JSON.stringify(labels));
      assert.equal(report.pap, pap, JSON.stringify(labels));
    }
    for (const tlp of ["TLP:PINK", "", "amber strict please"]) {
      assertError(
        await t.request("POST", "/api/reports", { as: handler, body: { subject: "x", tlp } }),
        400,
        "VALIDATION_FAILED",
      );
    }
  });

  test("receivedAt keeps the reporter's moment; the response sets an ETag", async () => {
    const res = await t.request("POST", "/api/reports", {
      as: handler,
      body: { subject: "timed", receivedAt: "2024-03-01T10:00:00+02:00", channel: "email" },
    });
    assert.equal(res.statusCode, 201);
    assert.equal(res.json().receivedAt, "2024-03-01T08:00:00.000Z");
    assert.equal(res.json().channel, "email");
    assert.equal(res.headers.etag, '"1"');
  });

  test("constituents report into their own tenant only", async () => {
    const mine = await createReport(constituentB, { subject: "ours", tenant: "globex" });
    assert.equal(mine.tenantId, tenantB);
    assertError(
      await t.request("POST", "/api/reports", {
        as: constituentB,
        body: { subject: "theirs", tenant: "acme" },
      }),
      400,
      "TENANT_MISMATCH",
    );
    const timeline = await t.request("GET", `/api/reports/${mine.id}/timeline`, {
      as: constituentB,
    });
    assert.deepEqual(
      timeline.json().items.map((e: { type: string }) => e.type),
      ["report.created"],
    );
  });
});

describe("tenant isolation", () => {
  let reportA: Json;
  let reportB: Json;

  before(async () => {
    reportA = await createReport(constituentA, { subject: "Acme phishing" });
    reportB = await createReport(constituentB, { subject: "Globex phishing" });
  });

  test("constituents and staff of tenant B never list tenant A's reports", async () => {
    for (const user of [constituentB, handlerB]) {
      const page = (await t.request("GET", "/api/reports?limit=200", { as: user })).json();
      assert.ok(page.items.some((r: Json) => r.id === reportB.id));
      assert.ok(
        page.items.every((r: Json) => r.tenantId === tenantB),
        user.role,
      );
      assert.equal(page.total, page.items.length);
      const forced = await t.request("GET", `/api/reports?tenantId=${tenantA}`, { as: user });
      assert.deepEqual(forced.json().items, []);
      const byText = await t.request("GET", "/api/reports?q=Acme", { as: user });
      assert.deepEqual(byText.json().items, []);
      assertError(
        await t.request("GET", `/api/reports/${reportA.ref}`, { as: user }),
        404,
        "REPORT_NOT_FOUND",
      );
      assertError(
        await t.request("GET", `/api/reports/${reportA.id}/timeline`, { as: user }),
        404,
        "REPORT_NOT_FOUND",
      );
    }
  });

  test("team members without a tenant see every tenant's reports", async () => {
    for (const user of [admin, handler]) {
      const ids = (await t.request("GET", "/api/reports?limit=200", { as: user }))
        .json()
        .items.map((r: Json) => r.id);
      assert.ok(ids.includes(reportA.id));
      assert.ok(ids.includes(reportB.id));
    }
  });

  test("reports of another tenant cannot be linked or merged across tenants", async () => {
    const incB = await createIncident(handler, { title: "B incident", tenant: tenantB });
    assertError(
      await t.request("POST", `/api/reports/${reportA.id}/link`, {
        as: handler,
        body: { incidentId: incB.id },
      }),
      400,
      "TENANT_MISMATCH",
    );
    assertError(
      await t.request("POST", `/api/reports/${reportA.id}/merge`, {
        as: handler,
        body: { intoReportId: reportB.id },
      }),
      400,
      "TENANT_MISMATCH",
    );
    const after = await readReport(reportA.id);
    assert.equal(after.incidentId, null);
    assert.equal(after.status, "open");
    assert.equal(after.version, reportA.version);
  });
});

describe("linking", () => {
  test("moving a report to another incident records that it left the first", async () => {
    const first = await createIncident(handler, { title: "First", tenant: tenantA });
    const second = await createIncident(handler, { title: "Second", tenant: tenantA });
    const report = await createReport(constituentA, { subject: "Moved around" });
    for (const target of [first, second]) {
      const linked = await t.request("POST", `/api/reports/${report.id}/link`, {
        as: handler,
        body: { incidentId: target.id },
      });
      assert.equal(linked.statusCode, 200, linked.body);
    }
    assert.deepEqual(await timelineTypes("incidents", first.id), [
      "incident.created",
      "report.linked",
      "report.unlinked",
    ]);
    assert.deepEqual(await timelineTypes("incidents", second.id), [
      "incident.created",
      "report.linked",
    ]);
    assert.deepEqual(await timelineTypes("reports", report.id), [
      "report.created",
      "report.linked",
      "report.unlinked",
      "report.linked",
    ]);
  });

  test("link and unlink show on both timelines and in the incident's report list", async () => {
    const incident = await createIncident(handler, { title: "Botnet", tenant: tenantA });
    const report = await createReport(constituentA, { subject: "Bot traffic" });
    const linked = await t.request("POST", `/api/reports/${report.ref}/link`, {
      as: handler,
      body: { incidentId: String(incident.ref) },
    });
    assert.equal(linked.statusCode, 200, linked.body);
    assert.equal(linked.json().incidentId, incident.id);
    assert.equal(linked.json().version, 2);

    const again = await t.request("POST", `/api/reports/${report.id}/link`, {
      as: handler,
      body: { incidentId: incident.id },
    });
    assert.equal(again.json().version, 2, "linking twice changes nothing");

    const listed = await t.request("GET", `/api/incidents/${incident.id}/reports`, {
      as: handler,
    });
    assert.deepEqual(
      listed.json().items.map((r: Json) => r.id),
      [report.id],
    );
    const byFilter = await t.request("GET", `/api/reports?incidentId=${incident.id}`, {
      as: constituentA,
    });
    assert.deepEqual(
      byFilter.json().items.map((r: Json) => r.id),
      [report.id],
    );

    const unlinked = await t.request("POST", `/api/reports/${report.id}/unlink`, { as: handler });
    assert.equal(unlinked.statusCode, 200, unlinked.body);
    assert.equal(unlinked.json().incidentId, null);
    const noop = await t.request("POST", `/api/reports/${report.id}/unlink`, { as: handler });
    assert.equal(noop.json().version, unlinked.json().version);

    assert.deepEqual(await timelineTypes("reports", report.id), [
      "report.created",
      "report.linked",
      "report.unlinked",
    ]);
    assert.deepEqual(await timelineTypes("incidents", incident.id), [
      "incident.created",
      "report.linked",
      "report.unlinked",
    ]);
    const events = (
      await t.request("GET", `/api/incidents/${incident.id}/timeline`, { as: handler })
    ).json().items;
    assert.deepEqual(events[1].data, {
      reportId: report.id,
      reportRef: report.ref,
      incidentId: incident.id,
      incidentRef: incident.ref,
    });
    const empty = await t.request("GET", `/api/incidents/${incident.id}/reports`, { as: handler });
    assert.deepEqual(empty.json().items, []);
  });

  test("an incident can be created from reports", async () => {
    const r1 = await createReport(handler, { subject: "first", tenant: tenantA });
    const r2 = await createReport(handler, { subject: "second", tenant: tenantA });
    const incident = await createIncident(handler, {
      title: "from reports",
      tenant: tenantA,
      reportIds: [r1.id, String(r2.ref)],
    });
    const listed = await t.request("GET", `/api/incidents/${incident.id}/reports`, {
      as: handler,
    });
    assert.deepEqual(
      listed
        .json()
        .items.map((r: Json) => r.id)
        .sort(),
      [r1.id, r2.id].sort(),
    );
    // An unknown report rolls the whole creation back.
    const before = (
      await t.request("GET", "/api/incidents?q=rolled%20back", { as: handler })
    ).json();
    assertError(
      await t.request("POST", "/api/incidents", {
        as: handler,
        body: { title: "rolled back", reportIds: [randomUUID()] },
      }),
      404,
      "REPORT_NOT_FOUND",
    );
    const after = (
      await t.request("GET", "/api/incidents?q=rolled%20back", { as: handler })
    ).json();
    assert.equal(after.total, before.total);
  });
});

describe("merging", () => {
  test("the source is merged into the target, which takes the stricter TLP and urgency", async () => {
    const incident = await createIncident(handler, { title: "merge target", tenant: tenantA });
    const source = await createReport(handler, {
      subject: "dup",
      tenant: tenantA,
      tlp: "amber",
      urgent: true,
    });
    const target = await createReport(handler, { subject: "original", tenant: tenantA });
    await t.request("POST", `/api/reports/${source.id}/link`, {
      as: handler,
      body: { incidentId: incident.id },
    });
    const res = await t.request("POST", `/api/reports/${source.id}/merge`, {
      as: handler,
      body: { intoReportId: target.id },
    });
    assert.equal(res.statusCode, 200, res.body);
    const merged = res.json();
    assert.equal(merged.id, target.id);
    assert.equal(merged.tlp, "AMBER");
    assert.equal(merged.urgent, true);
    assert.equal(merged.incidentId, incident.id, "the target inherits the source's incident");
    assert.equal(merged.status, "open");
    assert.equal(merged.version, 2);

    const src = await readReport(source.id);
    assert.equal(src.status, "merged");
    assert.equal(src.mergedIntoId, target.id);
    assert.equal(src.subject, "dup", "nothing is lost");

    assert.deepEqual(await timelineTypes("reports", source.id), [
      "report.created",
      "report.linked",
      "report.merged",
    ]);
    assert.deepEqual(await timelineTypes("reports", target.id), [
      "report.created",
      "report.merged",
    ]);

    // A stricter target keeps its label.
    const red = await createReport(handler, { subject: "red", tenant: tenantA, tlp: "RED" });
    const clear = await createReport(handler, { subject: "clear", tenant: tenantA, tlp: "CLEAR" });
    const kept = await t.request("POST", `/api/reports/${clear.id}/merge`, {
      as: handler,
      body: { intoReportId: red.id },
    });
    assert.equal(kept.json().tlp, "RED");
    assert.equal(kept.json().urgent, false);
  });

  test("merging into itself is 400; merging a merged report is 409; nothing changes", async () => {
    const a = await createReport(handler, { subject: "a" });
    const b = await createReport(handler, { subject: "b" });
    const c = await createReport(handler, { subject: "c" });
    assertError(
      await t.request("POST", `/api/reports/${a.id}/merge`, {
        as: handler,
        body: { intoReportId: a.id },
      }),
      400,
      "CANNOT_MERGE_INTO_SELF",
    );
    assertError(
      await t.request("POST", `/api/reports/${a.id}/merge`, {
        as: handler,
        body: { intoReportId: String(a.ref) },
      }),
      400,
      "CANNOT_MERGE_INTO_SELF",
    );
    const ok = await t.request("POST", `/api/reports/${a.id}/merge`, {
      as: handler,
      body: { intoReportId: b.id },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const versions = [(await readReport(a.id)).version, (await readReport(b.id)).version];
    assertError(
      await t.request("POST", `/api/reports/${a.id}/merge`, {
        as: handler,
        body: { intoReportId: c.id },
      }),
      409,
      "REPORT_ALREADY_MERGED",
    );
    assertError(
      await t.request("POST", `/api/reports/${c.id}/merge`, {
        as: handler,
        body: { intoReportId: a.id },
      }),
      409,
      "REPORT_ALREADY_MERGED",
    );
    assertError(
      await t.request("POST", `/api/reports/${c.id}/merge`, {
        as: handler,
        body: { intoReportId: randomUUID() },
      }),
      404,
      "REPORT_NOT_FOUND",
    );
    assert.deepEqual(
      [(await readReport(a.id)).version, (await readReport(b.id)).version],
      versions,
    );
    const cAfter = await readReport(c.id);
    assert.equal(cAfter.status, "open");
    assert.equal(cAfter.version, 1);
    // A merged report's status is fixed, and it cannot be linked.
    assertError(
      await t.request("PATCH", `/api/reports/${a.id}`, {
        as: handler,
        body: { version: versions[0], status: "open" },
      }),
      409,
      "REPORT_ALREADY_MERGED",
    );
    const incident = await createIncident(handler, { title: "x" });
    assertError(
      await t.request("POST", `/api/reports/${a.id}/link`, {
        as: handler,
        body: { incidentId: incident.id },
      }),
      409,
      "REPORT_ALREADY_MERGED",
    );
  });
});

describe("editing", () => {
  test("PATCH needs a version, refuses stale ones and records report.updated", async () => {
    const report = await createReport(handler, { subject: "edit me" });
    assertError(
      await t.request("PATCH", `/api/reports/${report.id}`, {
        as: handler,
        body: { subject: "no version" },
      }),
      428,
      "PRECONDITION_REQUIRED",
    );
    const res = await t.request("PATCH", `/api/reports/${report.id}`, {
      as: handler,
      body: { subject: "edited", tlp: "tlp:amber", status: "closed" },
      headers: { "if-match": '"1"' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.headers.etag, '"2"');
    assert.equal(res.json().status, "closed");
    const stale = await t.request("PATCH", `/api/reports/${report.id}`, {
      as: handler,
      body: { subject: "stale", version: 1 },
    });
    assertError(stale, 409, "VERSION_CONFLICT");
    assert.deepEqual(stale.json().error.details, { currentVersion: 2 });
    assert.equal((await readReport(report.id)).subject, "edited");
    const events = (
      await t.request("GET", `/api/reports/${report.id}/timeline`, { as: handler })
    ).json().items;
    assert.deepEqual(
      events.map((e: Json) => e.type),
      ["report.created", "report.updated"],
    );
    assert.deepEqual(events[1].data.changes, {
      subject: { from: "edit me", to: "edited" },
      tlp: { from: "GREEN", to: "AMBER" },
      status: { from: "open", to: "closed" },
    });
  });
});

describe("listing", () => {
  let staff: TestUser;
  const made: Json[] = [];

  before(async () => {
    const tenant = await t.tenant("listing");
    staff = await t.user("handler", { tenantId: tenant });
    const specs: Json[] = [
      { subject: "Mail bounce", receivedAt: "2024-01-02T00:00:00Z", summary: "50% lost" },
      { subject: "DDoS on portal", receivedAt: "2024-01-04T00:00:00Z", urgent: true, tlp: "RED" },
      { subject: "Phishing kit", receivedAt: "2024-01-01T00:00:00Z", tlp: "amber" },
      { subject: "Scan from 10.0.0.1", receivedAt: "2024-01-03T00:00:00Z", urgent: true },
    ];
    for (const spec of specs) made.push(await createReport(staff, spec));
    const closed = await t.request("PATCH", `/api/reports/${made[2]?.id}`, {
      as: staff,
      body: { version: 1, status: "closed" },
    });
    assert.equal(closed.statusCode, 200, closed.body);
  });

  const ids = async (query: string): Promise<string[]> => {
    const res = await t.request("GET", `/api/reports${query}`, { as: staff });
    assert.equal(res.statusCode, 200, res.body);
    return res.json().items.map((r: Json) => r.id);
  };
  const byIndex = (...i: number[]) => i.map((n) => made[n]?.id);

  test("newest received first, with limit and offset", async () => {
    assert.deepEqual(await ids(""), byIndex(1, 3, 0, 2));
    assert.deepEqual(await ids("?limit=2"), byIndex(1, 3));
    assert.deepEqual(await ids("?limit=2&offset=2"), byIndex(0, 2));
    assert.deepEqual(await ids("?offset=10"), []);
    const page = (await t.request("GET", "/api/reports?limit=1&offset=1", { as: staff })).json();
    assert.equal(page.total, 4);
    assert.equal(page.limit, 1);
    assert.equal(page.offset, 1);
  });

  test("filters by status, urgency, TLP and text", async () => {
    assert.deepEqual(await ids("?status=closed"), byIndex(2));
    assert.deepEqual(await ids("?status=open"), byIndex(1, 3, 0));
    assert.deepEqual(await ids("?urgent=true"), byIndex(1, 3));
    assert.deepEqual(await ids("?urgent=false"), byIndex(0, 2));
    assert.deepEqual(await ids("?tlp=red"), byIndex(1));
    assert.deepEqual(await ids("?tlp=TLP:AMBER"), byIndex(2));
    assert.deepEqual(await ids("?tlp=green"), byIndex(3, 0));
    assert.deepEqual(await ids("?q=phishing"), byIndex(2));
    assert.deepEqual(await ids("?q=50%25"), byIndex(0), "q searches summaries too");
    assert.deepEqual(await ids("?q=%25"), byIndex(0), "% is literal, not a wildcard");
    assert.deepEqual(await ids("?q=_"), [], "_ is literal, not a wildcard");
    assert.deepEqual(await ids("?urgent=true&tlp=green"), byIndex(3));
    assert.deepEqual(await ids("?channel=email"), []);
  });

  test("bad list parameters are 400", async () => {
    for (const query of ["?limit=201", "?offset=-1", "?urgent=maybe", "?tlp=blue", "?sort=asc"]) {
      assertError(
        await t.request("GET", `/api/reports${query}`, { as: staff }),
        400,
        "VALIDATION_FAILED",
      );
    }
  });
});
