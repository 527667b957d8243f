import assert from "node:assert/strict";
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

/** One incident of tenant A, fresh for each check that changes it. */
interface Fixture {
  id: string;
  version: number;
  memberId: string;
}

type Endpoint = EndpointCase<Fixture>;

let t: TestApp;
let tenantA: string;
let tenantB: string;
let admin: TestUser;
let handler: TestUser;
let member: TestUser;
let handlerA: TestUser;
let handlerB: TestUser;
let constituentA: TestUser;
let constituentB: TestUser;
let auditor: TestUser;

async function createIncident(as: TestUser, body: Record<string, unknown>): Promise<Json> {
  const res = await t.request("POST", "/api/incidents", { as, body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function freshFixture(): Promise<Fixture> {
  const incident = await createIncident(handler, {
    title: "Phishing wave",
    tenant: tenantA,
    memberIds: [member.id],
  });
  return { id: incident.id, version: incident.version, memberId: member.id };
}

const endpoints: Endpoint[] = [
  {
    route: "GET /api/incidents",
    request: () => ({ method: "GET", url: "/api/incidents" }),
    invalid: () => ({ method: "GET", url: "/api/incidents?limit=0" }),
    success: 200,
    perCase: false,
  },
  {
    route: "POST /api/incidents",
    request: () => ({ method: "POST", url: "/api/incidents", body: { title: "New case" } }),
    invalid: () => ({ method: "POST", url: "/api/incidents", body: { title: "   " } }),
    success: 201,
    perCase: false,
  },
  {
    route: "GET /api/incidents/:id",
    request: (f) => ({ method: "GET", url: `/api/incidents/${f.id}` }),
    invalid: () => ({ method: "GET", url: `/api/incidents/${"9".repeat(65)}` }),
    success: 200,
    perCase: true,
  },
  {
    route: "PATCH /api/incidents/:id",
    request: (f) => ({
      method: "PATCH",
      url: `/api/incidents/${f.id}`,
      body: { severity: "high" },
      headers: { "if-match": `"${f.version}"` },
    }),
    invalid: (f) => ({
      method: "PATCH",
      url: `/api/incidents/${f.id}`,
      body: { severity: "apocalyptic", version: f.version },
    }),
    success: 200,
    perCase: true,
  },
  {
    route: "POST /api/incidents/:id/status",
    request: (f) => ({
      method: "POST",
      url: `/api/incidents/${f.id}/status`,
      body: { status: "triage", version: f.version },
    }),
    invalid: (f) => ({
      method: "POST",
      url: `/api/incidents/${f.id}/status`,
      body: { status: "done", version: f.version },
    }),
    success: 200,
    perCase: true,
  },
  {
    route: "GET /api/incidents/:id/timeline",
    request: (f) => ({ method: "GET", url: `/api/incidents/${f.id}/timeline` }),
    invalid: () => ({ method: "GET", url: `/api/incidents/${"x".repeat(65)}/timeline` }),
    success: 200,
    perCase: true,
  },
  {
    route: "GET /api/incidents/:id/reports",
    request: (f) => ({ method: "GET", url: `/api/incidents/${f.id}/reports` }),
    invalid: () => ({ method: "GET", url: `/api/incidents/${"x".repeat(65)}/reports` }),
    success: 200,
    perCase: true,
  },
  {
    route: "GET /api/incidents/:id/members",
    request: (f) => ({ method: "GET", url: `/api/incidents/${f.id}/members` }),
    invalid: () => ({ method: "GET", url: `/api/incidents/${"x".repeat(65)}/members` }),
    success: 200,
    perCase: true,
  },
  {
    route: "POST /api/incidents/:id/members",
    request: (f) => ({
      method: "POST",
      url: `/api/incidents/${f.id}/members`,
      body: { userId: handlerA.id },
    }),
    invalid: (f) => ({
      method: "POST",
      url: `/api/incidents/${f.id}/members`,
      body: { userId: "not-a-uuid" },
    }),
    success: 200,
    perCase: true,
  },
  {
    route: "DELETE /api/incidents/:id/members/:userId",
    request: (f) => ({ method: "DELETE", url: `/api/incidents/${f.id}/members/${f.memberId}` }),
    invalid: (f) => ({ method: "DELETE", url: `/api/incidents/${f.id}/members/not-a-uuid` }),
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
  member = await t.user("handler");
  handlerA = await t.user("handler", { tenantId: tenantA });
  handlerB = await t.user("handler", { tenantId: tenantB });
  constituentA = await t.user("constituent", { tenantId: tenantA });
  constituentB = await t.user("constituent", { tenantId: tenantB });
  auditor = await t.user("auditor");
});

after(async () => {
  await t.close();
});

describe("every incidents endpoint", () => {
  endpointTable(
    endpoints,
    {
      t: () => t,
      insider: () => handler,
      outsiders: () => [handlerB, constituentB],
      fresh: freshFixture,
      version: async (id) =>
        (await t.request("GET", `/api/incidents/${id}`, { as: handler })).json().version,
      notFoundCode: "INCIDENT_NOT_FOUND",
    },
    describe,
    test,
  );

  test("the constituent role may read its tenant's incidents but never change them", async () => {
    const f = await freshFixture();
    const reads = endpoints.filter((e) => e.request(f).method === "GET");
    for (const endpoint of reads) {
      const res = await send(t, constituentA, endpoint.request(f));
      assert.equal(res.statusCode, 200, `${endpoint.route}: ${res.body}`);
    }
    for (const endpoint of endpoints.filter((e) => e.request(f).method !== "GET")) {
      assertError(await send(t, constituentA, endpoint.request(f)), 403, "FORBIDDEN");
    }
    const current = await t.request("GET", `/api/incidents/${f.id}`, { as: handler });
    assert.equal(current.json().version, f.version);
  });

  test("a read-only token cannot write (403 INSUFFICIENT_SCOPE)", async () => {
    const reader = await t.user("handler", { scopes: ["read"] });
    const f = await freshFixture();
    assert.equal((await send(t, reader, endpoints[2]?.request(f) as Call)).statusCode, 200);
    const patch = endpoints.find((e) => e.route === "PATCH /api/incidents/:id") as Endpoint;
    assertError(await send(t, reader, patch.request(f)), 403, "INSUFFICIENT_SCOPE");
    assertError(
      await t.request("POST", "/api/incidents", { as: auditor, body: { title: "x" } }),
      403,
      "FORBIDDEN",
    );
  });
});

describe("tenant isolation", () => {
  let incA: Json;
  let incB: Json;
  let reportA: Json;

  before(async () => {
    incA = await createIncident(handler, { title: "Acme ransomware", tenant: "acme" });
    incB = await createIncident(handlerB, { title: "Globex defacement" });
    const res = await t.request("POST", "/api/reports", {
      as: constituentA,
      body: { subject: "Our files are encrypted" },
    });
    reportA = res.json();
    const link = await t.request("POST", `/api/reports/${reportA.id}/link`, {
      as: handler,
      body: { incidentId: incA.id },
    });
    assert.equal(link.statusCode, 200, link.body);
  });

  test("a tenant-bound handler creates into its own tenant and nowhere else", async () => {
    assert.equal(incB.tenantId, tenantB);
    assertError(
      await t.request("POST", "/api/incidents", {
        as: handlerB,
        body: { title: "sneaky", tenant: tenantA },
      }),
      400,
      "TENANT_MISMATCH",
    );
    assertError(
      await t.request("POST", "/api/incidents", {
        as: handler,
        body: { title: "nowhere", tenant: "no-such-tenant" },
      }),
      404,
      "TENANT_NOT_FOUND",
    );
  });

  test("constituents and staff of tenant B never list tenant A's incidents", async () => {
    for (const user of [constituentB, handlerB]) {
      const res = await t.request("GET", "/api/incidents?limit=200", { as: user });
      assert.equal(res.statusCode, 200);
      const page = res.json();
      assert.ok(page.items.length > 0);
      assert.ok(page.items.every((i: { tenantId: string }) => i.tenantId === tenantB));
      assert.equal(page.total, page.items.length);
      const filtered = await t.request("GET", `/api/incidents?tenantId=${tenantA}`, { as: user });
      assert.deepEqual(filtered.json().items, []);
      const byTitle = await t.request("GET", "/api/incidents?q=ransomware", { as: user });
      assert.deepEqual(byTitle.json().items, []);
    }
  });

  test("tenant B cannot read tenant A's incident, its timeline, members or reports", async () => {
    for (const user of [constituentB, handlerB]) {
      for (const path of ["", "/timeline", "/members", "/reports"]) {
        assertError(
          await t.request("GET", `/api/incidents/${incA.id}${path}`, { as: user }),
          404,
          "INCIDENT_NOT_FOUND",
        );
      }
      assertError(
        await t.request("GET", `/api/incidents/${incA.ref}`, { as: user }),
        404,
        "INCIDENT_NOT_FOUND",
      );
    }
  });

  test("tenant A's constituent follows its own incident and its reports", async () => {
    const list = await t.request("GET", "/api/incidents?limit=200", { as: constituentA });
    const items = list.json().items as { id: string; tenantId: string }[];
    assert.ok(items.some((i) => i.id === incA.id));
    assert.ok(items.every((i) => i.tenantId === tenantA));
    const reports = await t.request("GET", `/api/incidents/${incA.id}/reports`, {
      as: constituentA,
    });
    assert.deepEqual(
      reports.json().items.map((r: { id: string }) => r.id),
      [reportA.id],
    );
    const timeline = await t.request("GET", `/api/incidents/${incA.id}/timeline`, {
      as: constituentA,
    });
    assert.deepEqual(
      timeline.json().items.map((e: { type: string }) => e.type),
      ["incident.created", "report.linked"],
    );
  });

  test("team members without a tenant see every tenant (MSSP queue)", async () => {
    for (const user of [admin, handler, auditor]) {
      const res = await t.request("GET", "/api/incidents?limit=200", { as: user });
      const ids = res.json().items.map((i: { id: string }) => i.id);
      assert.ok(ids.includes(incA.id), user.role);
      assert.ok(ids.includes(incB.id), user.role);
      const onlyB = await t.request("GET", `/api/incidents?tenantId=${tenantB}&limit=200`, {
        as: user,
      });
      assert.ok(onlyB.json().items.every((i: { tenantId: string }) => i.tenantId === tenantB));
      assert.equal(
        (await t.request("GET", `/api/incidents/${incB.id}`, { as: user })).statusCode,
        200,
      );
    }
  });

  test("a lead must be a team member who can see the tenant", async () => {
    for (const lead of [handlerB, constituentA, auditor]) {
      assertError(
        await t.request("POST", "/api/incidents", {
          as: handler,
          body: { title: "lead check", tenant: tenantA, leadId: lead.id },
        }),
        404,
        "USER_NOT_FOUND",
      );
    }
    const ok = await createIncident(handler, {
      title: "lead ok",
      tenant: tenantA,
      leadId: handlerA.id,
    });
    assert.equal(ok.leadId, handlerA.id);
  });
});

describe("reading and listing", () => {
  test("an incident is found by UUID, by reference number and by #reference", async () => {
    const inc = await createIncident(handler, { title: "by ref" });
    for (const key of [inc.id, String(inc.ref), `%23${inc.ref}`]) {
      const res = await t.request("GET", `/api/incidents/${key}`, { as: handler });
      assert.equal(res.statusCode, 200, key);
      assert.equal(res.json().id, inc.id);
      assert.equal(res.headers.etag, `"${inc.version}"`);
    }
  });

  test("creation applies defaults and lenient labels", async () => {
    const plain = await createIncident(handler, { title: "  padded  " });
    assert.equal(plain.title, "padded");
    assert.equal(plain.status, "new");
    assert.equal(plain.severity, "medium");
    assert.equal(plain.tlp, "GREEN");
    assert.equal(plain.pap, "GREEN");
    assert.equal(plain.priority, null);
    assert.equal(plain.restricted, false);
    assert.equal(plain.version, 1);
    assert.deepEqual(plain.allowedTransitions, ["triage", "closed"]);
    assert.equal(plain.tenantId, t.defaultTenantId);
    const labelled = await createIncident(handler, {
      title: "labelled",
      tlp: "tlp:amber+strict",
      pap: "amber",
      severity: "HIGH",
      priority: "p1",
    });
    assert.equal(labelled.tlp, "AMBER+STRICT");
    assert.equal(labelled.pap, "AMBER");
    assert.equal(labelled.severity, "high");
    assert.equal(labelled.priority, "P1");
  });

  test("lists are newest first, paged and filterable", async () => {
    const tenant = await t.tenant("paging");
    const staff = await t.user("handler", { tenantId: tenant });
    const made: Json[] = [];
    for (const [i, severity] of ["low", "high", "low", "critical"].entries()) {
      made.push(await createIncident(staff, { title: `Paging case ${i}`, severity }));
    }
    const all = (await t.request("GET", "/api/incidents", { as: staff })).json();
    assert.equal(all.total, 4);
    assert.deepEqual(
      all.items.map((i: { id: string }) => i.id),
      made.map((i) => i.id).reverse(),
    );
    const page = (await t.request("GET", "/api/incidents?limit=2&offset=1", { as: staff })).json();
    assert.deepEqual(
      page.items.map((i: { id: string }) => i.id),
      [made[2]?.id, made[1]?.id],
    );
    assert.equal(page.total, 4);
    assert.equal(page.limit, 2);
    assert.equal(page.offset, 1);
    const low = (await t.request("GET", "/api/incidents?severity=low", { as: staff })).json();
    assert.equal(low.total, 2);
    const q = (await t.request("GET", "/api/incidents?q=case%203", { as: staff })).json();
    assert.deepEqual(
      q.items.map((i: { id: string }) => i.id),
      [made[3]?.id],
    );
    const wildcard = (await t.request("GET", "/api/incidents?q=%25", { as: staff })).json();
    assert.equal(wildcard.total, 0, "% is matched literally");
    const newOnes = (await t.request("GET", "/api/incidents?status=new", { as: staff })).json();
    assert.equal(newOnes.total, 4);
  });
});

describe("lifecycle", () => {
  async function move(id: string, status: string, version: number, reason?: string) {
    return t.request("POST", `/api/incidents/${id}/status`, {
      as: handler,
      body: { status, version, ...(reason ? { reason } : {}) },
    });
  }

  test("the happy path stamps resolvedAt and closedAt and records each change", async () => {
    const inc = await createIncident(handler, { title: "lifecycle" });
    assert.equal(inc.resolvedAt, null);
    assert.equal(inc.closedAt, null);
    let current = inc;
    for (const status of ["triage", "In Progress", "resolved", "closed"]) {
      const res = await move(inc.id, status, current.version, `to ${status}`);
      assert.equal(res.statusCode, 200, res.body);
      current = res.json();
      assert.equal(res.headers.etag, `"${current.version}"`);
    }
    assert.equal(current.status, "closed");
    assert.equal(current.version, 5);
    assert.ok(current.resolvedAt);
    assert.ok(current.closedAt);
    assert.ok(Date.parse(current.closedAt) >= Date.parse(current.resolvedAt));
    assert.deepEqual(current.allowedTransitions, ["in_progress"]);

    const timeline = (
      await t.request("GET", `/api/incidents/${inc.id}/timeline`, { as: handler })
    ).json().items;
    assert.deepEqual(
      timeline.map((e: { type: string }) => e.type),
      [
        "incident.created",
        "incident.status_changed",
        "incident.status_changed",
        "incident.status_changed",
        "incident.status_changed",
      ],
    );
    assert.deepEqual(
      timeline
        .slice(1)
        .map((e: { data: { from: string; to: string } }) => [e.data.from, e.data.to]),
      [
        ["new", "triage"],
        ["triage", "in_progress"],
        ["in_progress", "resolved"],
        ["resolved", "closed"],
      ],
    );
    assert.equal(timeline[4].data.reason, "to closed");
    assert.equal(timeline[0].actorId, handler.id);
    assert.equal(timeline[0].data.title, "lifecycle");

    // Reopening clears both stamps.
    const reopened = await move(inc.id, "in_progress", current.version);
    assert.equal(reopened.statusCode, 200, reopened.body);
    assert.equal(reopened.json().resolvedAt, null);
    assert.equal(reopened.json().closedAt, null);
  });

  test("closing straight from new is allowed and stamps closedAt only", async () => {
    const inc = await createIncident(handler, { title: "not an incident" });
    const res = await move(inc.id, "closed", 1, "duplicate");
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().resolvedAt, null);
    assert.ok(res.json().closedAt);
  });

  test("refused transitions answer 409 INVALID_TRANSITION with the allowed list", async () => {
    const inc = await createIncident(handler, { title: "refusals" });
    const cases: [string, string[]][] = [
      ["resolved", ["triage", "closed"]],
      ["in_progress", ["triage", "closed"]],
      ["new", ["triage", "closed"]],
    ];
    for (const [to, allowed] of cases) {
      const res = await move(inc.id, to, 1);
      assertError(res, 409, "INVALID_TRANSITION");
      assert.deepEqual(res.json().error.details, { from: "new", to, allowed });
      assert.match(res.json().error.message, /triage or closed/);
    }
    const after = (await t.request("GET", `/api/incidents/${inc.id}`, { as: handler })).json();
    assert.equal(after.status, "new");
    assert.equal(after.version, 1);
    const timeline = (
      await t.request("GET", `/api/incidents/${inc.id}/timeline`, { as: handler })
    ).json().items;
    assert.equal(timeline.length, 1, "refusals leave no trace");

    const triaged = (await move(inc.id, "triage", 1)).json();
    const skip = await move(inc.id, "resolved", triaged.version);
    assertError(skip, 409, "INVALID_TRANSITION");
    assert.deepEqual(skip.json().error.details.allowed, ["in_progress", "closed"]);
  });

  test("edits record incident.updated with from/to changes; no-op edits record nothing", async () => {
    const inc = await createIncident(handler, { title: "edit me", severity: "low" });
    const res = await t.request("PATCH", `/api/incidents/${inc.id}`, {
      as: handler,
      body: { version: 1, title: "edited", severity: "critical", tlp: "amber", priority: "P2" },
    });
    assert.equal(res.statusCode, 200, res.body);
    const edited = res.json();
    assert.equal(edited.title, "edited");
    assert.equal(edited.severity, "critical");
    assert.equal(edited.tlp, "AMBER");
    assert.equal(edited.version, 2);
    assert.ok(Date.parse(edited.updatedAt) >= Date.parse(inc.updatedAt));

    const same = await t.request("PATCH", `/api/incidents/${inc.id}`, {
      as: handler,
      body: { version: 2, title: "edited" },
    });
    assert.equal(same.statusCode, 200);
    assert.equal(same.json().version, 2);

    const timeline = (
      await t.request("GET", `/api/incidents/${inc.id}/timeline`, { as: handler })
    ).json().items;
    assert.deepEqual(
      timeline.map((e: { type: string }) => e.type),
      ["incident.created", "incident.updated"],
    );
    assert.deepEqual(timeline[1].data.changes, {
      title: { from: "edit me", to: "edited" },
      severity: { from: "low", to: "critical" },
      tlp: { from: "GREEN", to: "AMBER" },
      priority: { from: null, to: "P2" },
    });
  });

  test("an unknown RSIT class is refused", async () => {
    assertError(
      await t.request("POST", "/api/incidents", {
        as: handler,
        body: { title: "rsit", rsitClass: "not-a-class" },
      }),
      400,
      "UNKNOWN_RSIT_CLASS",
    );
  });

  test("members can be named and removed, each change on the timeline", async () => {
    const inc = await createIncident(handler, { title: "team" });
    const added = await t.request("POST", `/api/incidents/${inc.id}/members`, {
      as: handler,
      body: { userId: member.id },
    });
    assert.equal(added.statusCode, 200, added.body);
    assert.deepEqual(
      added
        .json()
        .items.map((m: { userId: string }) => m.userId)
        .sort(),
      [handler.id, member.id].sort(),
    );
    const again = await t.request("POST", `/api/incidents/${inc.id}/members`, {
      as: handler,
      body: { userId: member.id },
    });
    assert.equal(again.json().items.length, 2, "adding twice is harmless");
    assertError(
      await t.request("POST", `/api/incidents/${inc.id}/members`, {
        as: handler,
        body: { userId: constituentA.id },
      }),
      404,
      "USER_NOT_FOUND",
    );
    const removed = await t.request("DELETE", `/api/incidents/${inc.id}/members/${member.id}`, {
      as: handler,
    });
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal(removed.json().items.length, 1);
    assertError(
      await t.request("DELETE", `/api/incidents/${inc.id}/members/${member.id}`, { as: handler }),
      404,
      "USER_NOT_FOUND",
    );
    const types = (await t.request("GET", `/api/incidents/${inc.id}/timeline`, { as: handler }))
      .json()
      .items.map((e: { type: string }) => e.type);
    assert.deepEqual(types, [
      "incident.created",
      "incident.member_added",
      "incident.member_removed",
    ]);
  });

  test("every change is in the audit log, and the chain verifies", async () => {
    const inc = await createIncident(handler, { title: "audited" });
    const patched = await t.request("PATCH", `/api/incidents/${inc.id}`, {
      as: handler,
      body: { version: 1, severity: "high" },
    });
    await move(inc.id, "triage", patched.json().version);
    const res = await t.request("GET", `/api/audit?entityType=incident&entityId=${inc.id}`, {
      as: admin,
    });
    assert.equal(res.statusCode, 200, res.body);
    const records = res.json().items;
    assert.deepEqual(
      records.map((r: { action: string }) => r.action),
      ["incident.created", "incident.updated", "incident.status_changed"],
    );
    assert.ok(records.every((r: { actorId: string }) => r.actorId === handler.id));
    assert.deepEqual(records[1].data.changes, { severity: { from: "medium", to: "high" } });
    assert.deepEqual(records[2].data, { from: "new", to: "triage" });
    const verify = await t.request("GET", "/api/audit/verify", { as: admin });
    assert.equal(verify.statusCode, 200);
    assert.equal(verify.json().ok, true);
    assert.equal(verify.json().firstBroken, null);
    assertError(await t.request("GET", "/api/audit", { as: handler }), 403, "FORBIDDEN");
  });
});
