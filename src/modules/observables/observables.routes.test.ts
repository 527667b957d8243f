import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  assertError,
  type EndpointCase,
  endpointTable,
  type Json,
} from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";
import { caseKinds } from "./load-visible-case.ts";

interface Fixture {
  id: string;
  version: number;
  observableId: string;
}

let t: TestApp;
let tenantA: string;
let tenantB: string;
let handler: TestUser;
let handlerB: TestUser;
let constituentA: TestUser;
let constituentB: TestUser;

async function post(as: TestUser, url: string, body: Json): Promise<Json> {
  const res = await t.request("POST", url, { as, body });
  assert.ok(res.statusCode === 201 || res.statusCode === 200, res.body);
  return res.json();
}

async function list(kind: string, id: string, as: TestUser = handler): Promise<Json[]> {
  const res = await t.request("GET", `/api/${kind}s/${id}/observables`, { as });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items;
}

/** A number that changes whenever the case's observables do (the table checks refusals change nothing). */
async function observablesVersion(kind: string, id: string): Promise<number> {
  const text = JSON.stringify(
    (await list(kind, id)).map((o) => [o.id, o.type, o.value, o.tlp, o.falsePositive]),
  );
  let h = 7;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 2_147_483_647;
  return h;
}

async function fixture(kind: "report" | "incident"): Promise<Fixture> {
  const c =
    kind === "report"
      ? await post(constituentA, "/api/reports", {
          subject: "Phishing from hxxp://evil-fixture[.]com/login",
        })
      : await post(handler, "/api/incidents", { title: "Fixture", tenant: tenantA });
  const added = await post(handler, `/api/${kind}s/${c.id}/observables`, {
    type: "ipv4",
    value: "203.0.113.9",
  });
  return { id: c.id, version: await observablesVersion(kind, c.id), observableId: added.id };
}

function endpoints(kind: "report" | "incident"): EndpointCase<Fixture>[] {
  const base = (f: Fixture) => `/api/${kind}s/${f.id}/observables`;
  return [
    {
      route: `GET /api/${kind}s/{id}/observables`,
      request: (f) => ({ method: "GET", url: base(f) }),
      invalid: () => ({ method: "GET", url: `/api/${kind}s/${"x".repeat(65)}/observables` }),
      success: 200,
      perCase: true,
    },
    {
      route: `POST /api/${kind}s/{id}/observables`,
      request: (f) => ({
        method: "POST",
        url: base(f),
        body: { type: "domain", value: "Added.Example.ORG" },
      }),
      invalid: (f) => ({ method: "POST", url: base(f), body: { type: "mac", value: "x" } }),
      success: 201,
      perCase: true,
    },
    {
      route: `POST /api/${kind}s/{id}/observables/extract`,
      request: (f) => ({ method: "POST", url: `${base(f)}/extract` }),
      invalid: () => ({
        method: "POST",
        url: `/api/${kind}s/${"x".repeat(65)}/observables/extract`,
      }),
      success: 200,
      perCase: true,
    },
    {
      route: `PATCH /api/${kind}s/{id}/observables/{observableId}`,
      request: (f) => ({
        method: "PATCH",
        url: `${base(f)}/${f.observableId}`,
        body: { falsePositive: true },
      }),
      invalid: (f) => ({ method: "PATCH", url: `${base(f)}/${f.observableId}`, body: {} }),
      success: 200,
      perCase: true,
    },
    {
      route: `DELETE /api/${kind}s/{id}/observables/{observableId}`,
      request: (f) => ({ method: "DELETE", url: `${base(f)}/${f.observableId}` }),
      invalid: (f) => ({ method: "DELETE", url: `${base(f)}/not-a-uuid` }),
      success: 200,
      perCase: true,
    },
  ];
}

before(async () => {
  t = await createTestApp();
  tenantA = await t.tenant("acme");
  tenantB = await t.tenant("globex");
  handler = await t.user("handler");
  handlerB = await t.user("handler", { tenantId: tenantB });
  constituentA = await t.user("constituent", { tenantId: tenantA });
  constituentB = await t.user("constituent", { tenantId: tenantB });
});

after(async () => {
  await t.close();
});

for (const kind of caseKinds) {
  describe(`every ${kind} observables endpoint`, () => {
    endpointTable(
      endpoints(kind),
      {
        t: () => t,
        insider: () => handler,
        outsiders: () => [handlerB, constituentB],
        fresh: () => fixture(kind),
        version: (id) => observablesVersion(kind, id),
        notFoundCode: kind === "report" ? "REPORT_NOT_FOUND" : "INCIDENT_NOT_FOUND",
      },
      describe,
      test,
    );
  });
}

describe("observables of cases", () => {
  test("a new report's subject and summary are extracted in the same transaction", async () => {
    const report = await post(constituentA, "/api/reports", {
      subject: "Phish: hxxps://Login-Bank[.]example[.]com/verify",
      summary: "Sender evil[@]phish[.]example.org, payload invoice.pdf.exe, 198.51.100.23",
    });
    const items = await list("report", report.id);
    const pairs = items.map((o) => `${o.type} ${o.value}`).sort();
    assert.deepEqual(pairs, [
      "domain login-bank.example.com",
      "email evil@phish.example.org",
      "filename invoice.pdf.exe",
      "ipv4 198.51.100.23",
      "url https://login-bank.example.com/verify",
    ]);
    for (const o of items) {
      assert.equal(o.tlp, "GREEN");
      assert.equal(o.falsePositive, false);
      assert.equal(o.source, "extracted");
      assert.equal(o.sightings, 1);
    }
    const timeline = (await t.request("GET", `/api/reports/${report.id}/timeline`, { as: handler }))
      .json()
      .items.map((e: Json) => e.type);
    assert.deepEqual(timeline.slice(0, 2), ["report.created", "observables.extracted"]);
  });

  test("manual add normalises, is idempotent, and false positives are recorded", async () => {
    const report = await post(constituentA, "/api/reports", { subject: "Nothing to see" });
    const url = `/api/reports/${report.id}/observables`;
    const first = await post(handler, url, { type: "ipv6", value: "2001:DB8:0::1" });
    assert.equal(first.value, "2001:db8::1");
    assert.equal(first.source, "manual");
    const again = await post(handler, url, { type: "ipv6", value: "2001:db8::1" });
    assert.equal(again.id, first.id);
    assert.equal(again.sightings, 2);
    assertError(
      await t.request("POST", url, { as: handler, body: { type: "ipv4", value: "300.1.1.1" } }),
      400,
      "OBSERVABLE_INVALID",
    );
    const marked = await t.request("PATCH", `${url}/${first.id}`, {
      as: handler,
      body: { falsePositive: true, tlp: "amber" },
    });
    assert.equal(marked.statusCode, 200, marked.body);
    assert.equal(marked.json().falsePositive, true);
    assert.equal(marked.json().tlp, "AMBER");
    const removed = await t.request("DELETE", `${url}/${first.id}`, { as: handler });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.deepEqual(await list("report", report.id), []);
    assertError(
      await t.request("DELETE", `${url}/${first.id}`, { as: handler }),
      404,
      "OBSERVABLE_NOT_FOUND",
    );
    const events = (await t.request("GET", `/api/reports/${report.id}/timeline`, { as: handler }))
      .json()
      .items.map((e: Json) => e.type);
    for (const type of ["observable.added", "observable.updated", "observable.removed"]) {
      assert.ok(events.includes(type), type);
    }
    const audit = await t.request("GET", "/api/audit?limit=200", { as: await t.user("admin") });
    assert.equal(audit.statusCode, 200, audit.body);
    const actions = audit.json().items.map((a: Json) => a.action);
    assert.ok(actions.includes("observable.removed"));
  });

  test("constituents read their report's observables but may not change them", async () => {
    const report = await post(constituentA, "/api/reports", { subject: "See 192.0.2.44" });
    assert.equal((await list("report", report.id, constituentA)).length, 1);
    assertError(
      await t.request("POST", `/api/reports/${report.id}/observables`, {
        as: constituentA,
        body: { type: "domain", value: "example.org" },
      }),
      403,
      "FORBIDDEN",
    );
  });

  test("an incident lists its own observables and those of its linked reports", async () => {
    const incident = await post(handler, "/api/incidents", { title: "Campaign", tenant: tenantA });
    await post(handler, `/api/incidents/${incident.id}/observables`, {
      type: "cve",
      value: "cve-2024-3400",
    });
    const report = await post(constituentA, "/api/reports", { subject: "Seen evil.example.net" });
    await post(handler, `/api/reports/${report.id}/link`, { incidentId: incident.id });
    const items = await list("incident", incident.id);
    assert.deepEqual(items.map((o) => `${o.type} ${o.value}`).sort(), [
      "cve CVE-2024-3400",
      "domain evil.example.net",
    ]);
    const fromReport = items.find((o) => o.type === "domain") as Json;
    assert.equal(fromReport.reportId, report.id);
    const marked = await t.request(
      "PATCH",
      `/api/incidents/${incident.id}/observables/${fromReport.id}`,
      { as: handler, body: { falsePositive: true } },
    );
    assert.equal(marked.statusCode, 200, marked.body);
  });
});
