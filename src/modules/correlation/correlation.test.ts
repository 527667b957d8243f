import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  type EndpointCase,
  endpointTable,
  type Json,
} from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";
import { queryRows, sql } from "../../platform/db/client.ts";
import { correlateReportJob } from "./correlate-report-job.ts";

const SHARED = "shared-campaign.example.com";

let t: TestApp;
let tenantA: string;
let tenantB: string;
let handler: TestUser;
let member: TestUser;
let handlerB: TestUser;
let constituentA: TestUser;
let constituentB: TestUser;
const ids: Record<string, string> = {};

async function post(as: TestUser, url: string, body: Json): Promise<Json> {
  const res = await t.request("POST", url, { as, body });
  assert.ok(res.statusCode === 201 || res.statusCode === 200, res.body);
  return res.json();
}

async function correlate(as: TestUser, observables: Json[], extra: Json = {}): Promise<Json> {
  const res = await t.request("POST", "/api/correlate", {
    as,
    body: { observables, ...extra },
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const casesFor = (body: Json, value: string): string[] =>
  (body.matches.find((m: Json) => m.value === value)?.cases ?? []).map((c: Json) => c.id).sort();

before(async () => {
  t = await createTestApp();
  tenantA = await t.tenant("acme");
  tenantB = await t.tenant("globex");
  handler = await t.user("handler");
  member = await t.user("handler");
  handlerB = await t.user("handler", { tenantId: tenantB });
  constituentA = await t.user("constituent", { tenantId: tenantA });
  constituentB = await t.user("constituent", { tenantId: tenantB });

  ids.reportA = (await post(constituentA, "/api/reports", { subject: `Phish via ${SHARED}` })).id;
  ids.reportB = (await post(constituentB, "/api/reports", { subject: `Seen ${SHARED} too` })).id;
  ids.openIncident = (
    await post(handler, "/api/incidents", { title: "Campaign", tenant: tenantA })
  ).id;
  ids.restricted = (
    await post(member, "/api/incidents", { title: "Insider", tenant: tenantA, restricted: true })
  ).id;
  for (const incident of [ids.openIncident, ids.restricted]) {
    await post(member, `/api/incidents/${incident}/observables`, { type: "domain", value: SHARED });
  }
  await post(handler, "/api/iocs/import", {
    format: "csv",
    csv: [
      `domain,${SHARED},green,shared campaign`,
      "cidr,198.51.100.0/24,amber,bad network",
      "domain,red-only.example.com,red,team only",
    ].join("\n"),
  });
  await post(handler, "/api/iocs/import", {
    format: "csv",
    tenant: tenantB,
    csv: `domain,${SHARED},green,globex's own\n`,
  });
});

after(async () => {
  await t.close();
});

describe("correlation visibility", () => {
  const domain = [{ type: "domain", value: SHARED.toUpperCase() }];

  test("a restricted incident's observables never appear for non-members", async () => {
    for (const user of [handler, constituentA]) {
      assert.ok(
        !casesFor(await correlate(user, domain), SHARED).includes(ids.restricted as string),
      );
    }
    assert.ok(casesFor(await correlate(member, domain), SHARED).includes(ids.restricted as string));
  });

  test("tenant B's cases never appear for tenant A's constituents, and the reverse", async () => {
    assert.deepEqual(
      casesFor(await correlate(constituentA, domain), SHARED),
      [ids.reportA, ids.openIncident].sort(),
    );
    for (const user of [constituentB, handlerB]) {
      assert.deepEqual(casesFor(await correlate(user, domain), SHARED), [ids.reportB]);
    }
  });

  test("team members see cross-tenant matches with tenant, TLP and first/last seen", async () => {
    const body = await correlate(handler, domain);
    assert.deepEqual(casesFor(body, SHARED), [ids.reportA, ids.reportB, ids.openIncident].sort());
    const fromB = body.matches[0].cases.find((c: Json) => c.id === ids.reportB);
    assert.equal(fromB.tenant, "globex");
    assert.equal(fromB.kind, "report");
    assert.equal(fromB.tlp, "GREEN");
    assert.ok(fromB.firstSeen && fromB.lastSeen);
  });

  test("IOC hits are tenant-scoped and constituents never see team-only labels", async () => {
    const teamIocs = (await correlate(handler, domain)).matches[0].iocs;
    assert.deepEqual(teamIocs.map((i: Json) => i.tenantId).sort(), [null, tenantB].sort());
    const scoped = (await correlate(handler, domain, { tenant: tenantA })).matches[0].iocs;
    assert.deepEqual(
      scoped.map((i: Json) => i.tenantId),
      [null],
    );
    const a = (await correlate(constituentA, domain)).matches[0].iocs;
    assert.deepEqual(
      a.map((i: Json) => i.tenantId),
      [null],
    );
    const b = (await correlate(constituentB, domain)).matches[0].iocs;
    assert.deepEqual(b.map((i: Json) => i.tenantId).sort(), [null, tenantB].sort());
    const red = [{ type: "domain", value: "red-only.example.com" }];
    assert.equal((await correlate(handler, red)).matches[0].iocs.length, 1);
    assert.equal((await correlate(constituentA, red)).matches[0].iocs.length, 0);
  });

  test("addresses match by containment both ways; invalid inputs are reported", async () => {
    const body = await correlate(handler, [
      { type: "ipv4", value: "198.51.100.77" },
      { type: "cidr", value: "198.51.0.0/16" },
      { type: "ipv4", value: "999.1.1.1" },
    ]);
    const [ip, net] = body.matches;
    assert.equal(ip.iocs[0].value, "198.51.100.0/24");
    assert.equal(ip.iocs[0].relation, "contains");
    assert.equal(net.iocs[0].relation, "contained");
    assert.deepEqual(
      body.invalid.map((i: Json) => i.value),
      ["999.1.1.1"],
    );
  });
});

describe("report correlations", () => {
  test("suggests the open incident and offers same-reporter duplicates for merge", async () => {
    const reporterEmail = "reporter@partner.example.org";
    const first = await post(handler, "/api/reports", {
      subject: `First: ${SHARED} and 192.0.2.10`,
      reporterEmail,
      tenant: tenantA,
    });
    const second = await post(handler, "/api/reports", {
      subject: "Again 192.0.2.10",
      reporterEmail,
      tenant: tenantA,
    });
    const res = await t.request("GET", `/api/reports/${first.id}/correlations`, { as: handler });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.suggestion.incidentId, ids.openIncident);
    assert.equal(body.suggestion.link.path, `/api/reports/${first.id}/link`);
    assert.deepEqual(
      body.duplicates.map((d: Json) => d.id),
      [second.id],
    );
    assert.equal(body.duplicates[0].reason, "same reporter and observables");
    assert.deepEqual(body.duplicates[0].merge.body, { intoReportId: second.id });
    const narrow = await t.request("GET", `/api/reports/${first.id}/correlations?windowDays=0`, {
      as: handler,
    });
    assert.ok(narrow.json().duplicates.length <= 1);
    const forA = (
      await t.request("GET", `/api/reports/${first.id}/correlations`, { as: constituentA })
    ).json();
    const allCases = forA.matches.flatMap((m: Json) => m.cases.map((c: Json) => c.id));
    assert.ok(!allCases.includes(ids.reportB));
    assert.ok(!allCases.includes(ids.restricted));
  });

  test("the intake job records report.correlated once, as the report's tenant sees it", async () => {
    const report = await post(constituentA, "/api/reports", { subject: `Spotted ${SHARED}` });
    const [job] = await queryRows<{ id: number; name: string }>(
      t.db,
      sql`SELECT id, name FROM jobs WHERE payload->>'reportId' = ${report.id}`,
    );
    assert.equal(job?.name, "correlation.report.v1");
    const run = correlateReportJob(t.db);
    await run.run({ reportId: report.id }, { jobId: Number(job?.id), attempt: 1 });
    await run.run({ reportId: report.id }, { jobId: Number(job?.id), attempt: 2 });
    const events = (await t.request("GET", `/api/reports/${report.id}/timeline`, { as: handler }))
      .json()
      .items.filter((e: Json) => e.type === "report.correlated");
    assert.equal(events.length, 1);
    assert.deepEqual(
      { ...events[0].data, jobId: 0 },
      {
        jobId: 0,
        observables: 1,
        matchedObservables: 1,
        // Tenant A's two earlier reports; not tenant B's, not the restricted incident.
        reports: 2,
        incidents: 1,
        iocs: 1,
        duplicates: 0,
      },
    );
  });
});

interface Fixture {
  id: string;
  version: number;
}

describe("every correlation endpoint", () => {
  const endpoints: EndpointCase<Fixture>[] = [
    {
      route: "POST /api/correlate",
      request: () => ({
        method: "POST",
        url: "/api/correlate",
        body: { observables: [{ type: "domain", value: SHARED }] },
      }),
      invalid: () => ({
        method: "POST",
        url: "/api/correlate",
        body: {
          observables: Array.from({ length: 1001 }, () => ({ type: "ipv4", value: "1.1.1.1" })),
        },
      }),
      success: 200,
      perCase: false,
    },
    {
      route: "GET /api/reports/{id}/correlations",
      request: (f) => ({ method: "GET", url: `/api/reports/${f.id}/correlations` }),
      invalid: (f) => ({ method: "GET", url: `/api/reports/${f.id}/correlations?windowDays=-1` }),
      success: 200,
      perCase: true,
    },
  ];
  endpointTable(
    endpoints,
    {
      t: () => t,
      insider: () => handler,
      outsiders: () => [handlerB, constituentB],
      fresh: async () => {
        const r = await post(constituentA, "/api/reports", { subject: `Fixture ${SHARED}` });
        return { id: r.id, version: r.version };
      },
      version: async (id) =>
        (await t.request("GET", `/api/reports/${id}`, { as: handler })).json().version,
      notFoundCode: "REPORT_NOT_FOUND",
    },
    describe,
    test,
  );
});
