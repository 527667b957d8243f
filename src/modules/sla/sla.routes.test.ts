import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  assertError,
  type EndpointCase,
  endpointTable,
  type Json,
} from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";
import { notify } from "../notifications/notify.ts";
import { escalateSla } from "./escalate-sla.ts";

interface Fixture {
  id: string;
  version: number;
}

let t: TestApp;
let tenantA: string;
let tenantB: string;
let admin: TestUser;
let handler: TestUser;
let lead: TestUser;
let handlerB: TestUser;
let constituentB: TestUser;

async function call(
  as: TestUser,
  method: "GET" | "POST" | "PUT",
  url: string,
  body?: unknown,
): Promise<Json> {
  const res = await t.request(method, url, { as, ...(body === undefined ? {} : { body }) });
  assert.ok(res.statusCode < 300, `${method} ${url}: ${res.body}`);
  return res.json();
}

const freshIncident = async (): Promise<Fixture> => {
  const i = await call(handler, "POST", "/api/incidents", { title: "Scan storm", tenant: tenantA });
  return { id: i.id, version: i.version };
};
const freshPaused = async (): Promise<Fixture> => {
  const f = await freshIncident();
  await call(handler, "POST", `/api/incidents/${f.id}/pause`, { reason: "asked for logs" });
  return f;
};
const incidentVersion = async (id: string) =>
  (await t.request("GET", `/api/incidents/${id}`, { as: handler })).json().version;
const outsiders = () => [handlerB, constituentB];

/** The endpoint-table context shared by this file's tables. */
const context = (
  insider: () => TestUser,
  fresh: () => Promise<Fixture>,
  version: (id: string) => Promise<number>,
  notFoundCode: string,
) => ({ t: () => t, insider, outsiders, fresh, version, notFoundCode });

before(async () => {
  t = await createTestApp();
  tenantA = await t.tenant("acme");
  tenantB = await t.tenant("globex");
  admin = await t.user("admin");
  handler = await t.user("handler");
  lead = await t.user("lead");
  handlerB = await t.user("handler", { tenantId: tenantB });
  constituentB = await t.user("constituent", { tenantId: tenantB });
  // acme is an MSSP customer served 24/7: due times are plain durations.
  await call(admin, "PUT", "/api/sla/calendar", {
    tenant: "acme",
    preset: "24/7",
    timeZone: "Europe/Paris",
  });
});

after(async () => {
  await t.close();
});

const base = (f: Fixture, path: string) => `/api/incidents/${f.id}/${path}`;
const bad = (path: string) => `/api/incidents/${"x".repeat(65)}/${path}`;

describe("incident SLA endpoints", () => {
  const endpoints: EndpointCase<Fixture>[] = [
    {
      route: "GET /api/incidents/:id/sla",
      request: (f) => ({ method: "GET", url: base(f, "sla") }),
      invalid: () => ({ method: "GET", url: bad("sla") }),
      success: 200,
      perCase: true,
    },
    {
      route: "POST /api/incidents/:id/pause",
      request: (f) => ({
        method: "POST",
        url: base(f, "pause"),
        body: { reason: "waiting on logs" },
      }),
      invalid: (f) => ({ method: "POST", url: base(f, "pause"), body: { reason: 42 } }),
      success: 200,
      perCase: true,
    },
    {
      route: "POST /api/incidents/:id/acknowledge",
      request: (f) => ({ method: "POST", url: base(f, "acknowledge") }),
      invalid: () => ({ method: "POST", url: bad("acknowledge") }),
      success: 200,
      perCase: true,
    },
    {
      route: "POST /api/incidents/:id/contained",
      request: (f) => ({
        method: "POST",
        url: base(f, "contained"),
        body: { note: "blocked at the edge" },
      }),
      invalid: (f) => ({ method: "POST", url: base(f, "contained"), body: { note: ["x"] } }),
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
  endpointTable(
    [
      {
        route: "POST /api/incidents/:id/resume",
        request: (f) => ({ method: "POST", url: base(f, "resume") }),
        invalid: () => ({ method: "POST", url: bad("resume") }),
        success: 200,
        perCase: true,
      },
    ],
    context(() => handler, freshPaused, incidentVersion, "INCIDENT_NOT_FOUND"),
    describe,
    test,
  );
});

describe("SLA settings endpoints", () => {
  const policy = {
    critical: { acknowledge: 10, triage: 30, contain: 120, resolve: 480 },
    high: { acknowledge: 30, triage: 120, contain: 480, resolve: 1440 },
    medium: { acknowledge: 120, triage: 480, contain: 1440, resolve: 4320 },
    low: { acknowledge: 480, triage: 1440, contain: 4320, resolve: 10080 },
  };
  endpointTable(
    [
      {
        route: "GET /api/sla/settings",
        request: () => ({ method: "GET", url: "/api/sla/settings?tenant=acme" }),
        invalid: () => ({ method: "GET", url: "/api/sla/settings?zone=x" }),
        success: 200,
        perCase: false,
      },
      {
        route: "PUT /api/sla/policy",
        request: () => ({
          method: "PUT" as never,
          url: "/api/sla/policy",
          body: { tenant: "globex", policy },
        }),
        invalid: () => ({
          method: "PUT" as never,
          url: "/api/sla/policy",
          body: {
            policy: { ...policy, low: { acknowledge: 0, triage: 1, contain: 1, resolve: 1 } },
          },
        }),
        success: 200,
        perCase: false,
      },
      {
        route: "PUT /api/sla/calendar",
        request: () => ({
          method: "PUT" as never,
          url: "/api/sla/calendar",
          body: { tenant: "globex", preset: "corporate", holidays: ["2025-12-25", "2026-01-01"] },
        }),
        invalid: () => ({
          method: "PUT" as never,
          url: "/api/sla/calendar",
          body: { tenant: "globex", timeZone: "Mars/Olympus" },
        }),
        success: 200,
        perCase: false,
      },
    ],
    context(() => admin, freshIncident, incidentVersion, "INCIDENT_NOT_FOUND"),
    describe,
    test,
  );

  test("settings fall back to the team default; only admins change them", async () => {
    const team = await call(handler, "GET", "/api/sla/settings");
    assert.equal(team.calendar.timeZone, "Europe/Paris");
    assert.deepEqual(team.calendar.weeklyHours.mon, [["09:00", "18:00"]]);
    assert.deepEqual(team.calendar.weeklyHours.sat, []);
    const acme = await call(handler, "GET", "/api/sla/settings?tenant=acme");
    assert.equal(acme.calendarTenantId, tenantA);
    assert.equal(acme.policyTenantId, null, "acme keeps the team policy");
    assert.deepEqual(acme.calendar.weeklyHours.sun, [["00:00", "24:00"]]);
    assertError(
      await t.request("PUT", "/api/sla/calendar", { as: handler, body: { preset: "24/7" } }),
      403,
      "FORBIDDEN",
    );
    assertError(
      await t.request("GET", "/api/sla/settings?tenant=acme", { as: handlerB }),
      404,
      "TENANT_NOT_FOUND",
    );
  });
});

describe("SLA clocks on an incident", () => {
  test("GET /api/incidents/:id carries due, breached and completedAt per clock", async () => {
    const f = await freshIncident();
    const incident = await call(handler, "GET", `/api/incidents/${f.id}`);
    const created = Date.parse(incident.createdAt);
    const settings = await call(handler, "GET", "/api/sla/settings?tenant=acme");
    for (const clock of ["acknowledge", "triage", "contain", "resolve"]) {
      const c = incident.sla[clock];
      assert.equal(c.breached, false, clock);
      assert.equal(c.completedAt, null, clock);
      assert.equal(
        Date.parse(c.due) - created,
        settings.policy.medium[clock] * 60_000,
        `${clock} on 24/7`,
      );
    }
    assert.equal(incident.sla.waiting, false);
  });

  test("milestones: leaving new acknowledges, triage, containment and resolution complete their clocks", async () => {
    const f = await freshIncident();
    const moved = await call(handler, "POST", `/api/incidents/${f.id}/status`, {
      status: "triage",
      version: f.version,
    });
    let sla = await call(handler, "GET", `/api/incidents/${f.id}/sla`);
    assert.ok(sla.acknowledge.completedAt);
    assert.equal(sla.triage.completedAt, null);
    const triaged = await call(handler, "POST", `/api/incidents/${f.id}/triage`, {
      impact: "severe",
      scope: "many",
      version: moved.version,
    });
    sla = await call(handler, "GET", `/api/incidents/${f.id}/sla`);
    assert.ok(sla.triage.completedAt);
    assert.equal(sla.triage.targetMinutes, 60, "critical now: the critical targets apply");
    await call(handler, "POST", `/api/incidents/${f.id}/contained`, { note: "isolated" });
    sla = await call(handler, "GET", `/api/incidents/${f.id}/sla`);
    assert.ok(sla.contain.completedAt);
    const inProgress = await call(handler, "POST", `/api/incidents/${f.id}/status`, {
      status: "in_progress",
      version: triaged.incident.version,
    });
    await call(handler, "POST", `/api/incidents/${f.id}/status`, {
      status: "resolved",
      version: inProgress.version,
    });
    const incident = await call(handler, "GET", `/api/incidents/${f.id}`);
    assert.equal(incident.sla.resolve.completedAt, incident.resolvedAt);
    const types = (await call(handler, "GET", `/api/incidents/${f.id}/timeline`)).items.map(
      (e: Json) => e.type,
    );
    assert.ok(types.includes("incident.contained"));
    assert.ok(types.includes("incident.triaged"));
  });

  test("waiting on the reporter pauses the clocks, on the timeline, without touching the lifecycle", async () => {
    const f = await freshIncident();
    const paused = await call(handler, "POST", `/api/incidents/${f.id}/pause`, {
      reason: "asked for headers",
    });
    assert.equal(paused.waiting, true);
    assertError(
      await t.request("POST", `/api/incidents/${f.id}/pause`, { as: handler, body: {} }),
      409,
      "SLA_ALREADY_PAUSED",
    );
    const incident = await call(handler, "GET", `/api/incidents/${f.id}`);
    assert.equal(incident.status, "new");
    assert.equal(incident.sla.waiting, true);
    const resumed = await call(handler, "POST", `/api/incidents/${f.id}/resume`);
    assert.equal(resumed.waiting, false);
    assert.ok(Date.parse(resumed.acknowledge.due) >= Date.parse(incident.createdAt) + 240 * 60_000);
    assertError(
      await t.request("POST", `/api/incidents/${f.id}/resume`, { as: handler }),
      409,
      "SLA_NOT_PAUSED",
    );
    const events = (await call(handler, "GET", `/api/incidents/${f.id}/timeline`)).items;
    const pausedEvent = events.find((e: Json) => e.type === "incident.sla_paused");
    assert.deepEqual(pausedEvent.data, { reason: "asked for headers" });
    assert.ok(events.some((e: Json) => e.type === "incident.sla_resumed"));
  });
});

describe("escalation and notifications", () => {
  test("the lead is warned before breach and told at breach, once each, and only the lead", async () => {
    const incident = await call(handler, "POST", "/api/incidents", {
      title: "Exfiltration suspected",
      tenant: tenantA,
      leadId: lead.id,
      severity: "high",
    });
    const created = Date.parse(incident.createdAt);
    // High: acknowledge in 60 min (24/7). 50 minutes in, the 15-minute warning is due.
    const warned = await escalateSla(t.db, new Date(created + 50 * 60_000));
    assert.ok(warned >= 1);
    const mine = await call(lead, "GET", "/api/notifications");
    const warning = mine.items.find(
      (n: Json) => n.incidentId === incident.id && n.kind === "sla.warning",
    );
    assert.ok(warning, JSON.stringify(mine.items));
    assert.equal(warning.data.clock, "acknowledge");
    assert.equal(await escalateSla(t.db, new Date(created + 51 * 60_000)), 0, "no repeat");

    await escalateSla(t.db, new Date(created + 61 * 60_000));
    const later = await call(lead, "GET", "/api/notifications?unread=true");
    const breach = later.items.find(
      (n: Json) => n.incidentId === incident.id && n.kind === "sla.breached",
    );
    assert.ok(breach);
    const read = await call(lead, "POST", `/api/notifications/${breach.id}/read`);
    assert.ok(read.readAt);
    const unread = await call(lead, "GET", "/api/notifications?unread=true");
    assert.ok(!unread.items.some((n: Json) => n.id === breach.id));

    assert.deepEqual((await call(handler, "GET", "/api/notifications")).items, []);
    assertError(
      await t.request("POST", `/api/notifications/${breach.id}/read`, { as: handler }),
      404,
      "NOTIFICATION_NOT_FOUND",
    );
  });

  test("a waiting incident is not escalated", async () => {
    const incident = await call(handler, "POST", "/api/incidents", {
      title: "Quiet",
      tenant: tenantA,
      leadId: lead.id,
    });
    await call(handler, "POST", `/api/incidents/${incident.id}/pause`, {});
    await escalateSla(t.db, new Date(Date.parse(incident.createdAt) + 30 * 86_400_000));
    const items = (await call(lead, "GET", "/api/notifications")).items;
    assert.ok(!items.some((n: Json) => n.incidentId === incident.id));
  });

  endpointTable(
    [
      {
        route: "GET /api/notifications",
        request: () => ({ method: "GET", url: "/api/notifications" }),
        invalid: () => ({ method: "GET", url: "/api/notifications?unread=perhaps" }),
        success: 200,
        perCase: false,
      },
      {
        route: "POST /api/notifications/:id/read",
        request: (f) => ({ method: "POST", url: `/api/notifications/${f.id}/read` }),
        invalid: () => ({ method: "POST", url: "/api/notifications/not-a-uuid/read" }),
        success: 200,
        perCase: true,
      },
    ],
    {
      t: () => t,
      insider: () => handler,
      outsiders,
      fresh: async () => {
        const id = crypto.randomUUID();
        await notify(t.db, {
          userId: handler.id,
          tenantId: null,
          incidentId: null,
          kind: "test",
          message: "hello",
          dedupeKey: id,
        });
        const items = (await call(handler, "GET", "/api/notifications")).items;
        return { id: items.find((n: Json) => n.message === "hello" && !n.readAt).id, version: 1 };
      },
      version: async () => 1,
      notFoundCode: "NOTIFICATION_NOT_FOUND",
    },
    describe,
    test,
  );
});
