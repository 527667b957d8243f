import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertError, type Json } from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";

let t: TestApp;
let tenantA: string;
let creator: TestUser;
let lead: TestUser;
let named: TestUser;
let otherAdmin: TestUser;
let otherHandler: TestUser;
let tenantHandler: TestUser;
let constituent: TestUser;
let auditor: TestUser;

async function post(as: TestUser, url: string, body: Json): Promise<Json> {
  const res = await t.request("POST", url, { as, body });
  assert.ok(res.statusCode === 200 || res.statusCode === 201, res.body);
  return res.json();
}

const listIds = async (as: TestUser, url: string): Promise<string[]> => {
  const res = await t.request("GET", url, { as });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items.map((i: { id: string }) => i.id);
};

/** Asserts that `user` cannot tell the incident (and its linked report) exists. */
async function assertHidden(user: TestUser, incident: Json, report?: Json): Promise<void> {
  const who = `${user.role} ${user.email}`;
  assert.ok(!(await listIds(user, "/api/incidents?limit=200")).includes(incident.id), who);
  const searched = await t.request(
    "GET",
    `/api/incidents?q=${encodeURIComponent(incident.title)}`,
    {
      as: user,
    },
  );
  assert.equal(searched.json().total, 0, who);
  for (const key of [incident.id, String(incident.ref)]) {
    for (const path of ["", "/timeline", "/members", "/reports"]) {
      assertError(
        await t.request("GET", `/api/incidents/${key}${path}`, { as: user }),
        404,
        "INCIDENT_NOT_FOUND",
      );
    }
  }
  if (user.role !== "constituent" && user.role !== "auditor") {
    assertError(
      await t.request("PATCH", `/api/incidents/${incident.id}`, {
        as: user,
        body: { version: incident.version, title: "peek" },
      }),
      404,
      "INCIDENT_NOT_FOUND",
    );
    assertError(
      await t.request("POST", `/api/incidents/${incident.id}/status`, {
        as: user,
        body: { version: incident.version, status: "triage" },
      }),
      404,
      "INCIDENT_NOT_FOUND",
    );
    assertError(
      await t.request("POST", `/api/incidents/${incident.id}/members`, {
        as: user,
        body: { userId: user.id },
      }),
      404,
      "INCIDENT_NOT_FOUND",
    );
  }
  if (report) {
    assert.ok(!(await listIds(user, "/api/reports?limit=200")).includes(report.id), who);
    const byIncident = await t.request("GET", `/api/reports?incidentId=${incident.id}`, {
      as: user,
    });
    assert.deepEqual(byIncident.json().items, [], who);
    for (const key of [report.id, String(report.ref)]) {
      for (const path of ["", "/timeline"]) {
        assertError(
          await t.request("GET", `/api/reports/${key}${path}`, { as: user }),
          404,
          "REPORT_NOT_FOUND",
        );
      }
    }
  }
}

async function assertVisible(user: TestUser, incident: Json, report?: Json): Promise<void> {
  const who = `${user.role} ${user.email}`;
  assert.ok((await listIds(user, "/api/incidents?limit=200")).includes(incident.id), who);
  for (const path of ["", "/timeline", "/members", "/reports"]) {
    const res = await t.request("GET", `/api/incidents/${incident.id}${path}`, { as: user });
    assert.equal(res.statusCode, 200, `${who} ${path}: ${res.body}`);
  }
  if (report) {
    assert.ok((await listIds(user, "/api/reports?limit=200")).includes(report.id), who);
    assert.deepEqual(await listIds(user, `/api/incidents/${incident.id}/reports`), [report.id]);
    const res = await t.request("GET", `/api/reports/${report.id}/timeline`, { as: user });
    assert.equal(res.statusCode, 200, who);
  }
}

before(async () => {
  t = await createTestApp();
  tenantA = await t.tenant("acme");
  creator = await t.user("handler");
  lead = await t.user("lead");
  named = await t.user("handler");
  otherAdmin = await t.user("admin");
  otherHandler = await t.user("handler");
  tenantHandler = await t.user("handler", { tenantId: tenantA });
  constituent = await t.user("constituent", { tenantId: tenantA });
  auditor = await t.user("auditor");
});

after(async () => {
  await t.close();
});

describe("a restricted incident", () => {
  let secret: Json;
  let report: Json;
  let open: Json;

  before(async () => {
    report = await post(constituent, "/api/reports", { subject: "Insider exfiltration" });
    secret = await post(creator, "/api/incidents", {
      title: "Insider case 7f3",
      tenant: tenantA,
      restricted: true,
      leadId: lead.id,
      reportIds: [report.id],
    });
    open = await post(creator, "/api/incidents", { title: "Public case", tenant: tenantA });
  });

  test("names the creator and the lead as its members", async () => {
    assert.equal(secret.restricted, true);
    const members = await t.request("GET", `/api/incidents/${secret.id}/members`, { as: creator });
    assert.deepEqual(
      members
        .json()
        .items.map((m: Json) => m.userId)
        .sort(),
      [creator.id, lead.id].sort(),
    );
  });

  test("is invisible to everyone not named on it, admins included", async () => {
    for (const user of [otherAdmin, otherHandler, tenantHandler, constituent, auditor]) {
      await assertHidden(user, secret, report);
      // Unrestricted incidents of the same tenant stay visible.
      assert.ok((await listIds(user, "/api/incidents?limit=200")).includes(open.id));
    }
  });

  test("is visible to its creator and lead, with its linked report", async () => {
    await assertVisible(creator, secret, report);
    await assertVisible(lead, secret, report);
  });

  test("becomes visible to a member once added, and hidden again once removed", async () => {
    await assertHidden(named, secret, report);
    const added = await t.request("POST", `/api/incidents/${secret.id}/members`, {
      as: lead,
      body: { userId: named.id },
    });
    assert.equal(added.statusCode, 200, added.body);
    await assertVisible(named, secret, report);

    const removed = await t.request("DELETE", `/api/incidents/${secret.id}/members/${named.id}`, {
      as: creator,
    });
    assert.equal(removed.statusCode, 200, removed.body);
    await assertHidden(named, secret, report);

    const types = (await t.request("GET", `/api/incidents/${secret.id}/timeline`, { as: creator }))
      .json()
      .items.map((e: Json) => e.type);
    assert.deepEqual(types, [
      "incident.created",
      "report.linked",
      "incident.member_added",
      "incident.member_removed",
    ]);
  });

  test("a member cannot remove themselves from it (no accidental lock-out)", async () => {
    const res = await t.request("DELETE", `/api/incidents/${secret.id}/members/${creator.id}`, {
      as: creator,
    });
    assertError(res, 403, "FORBIDDEN");
    await assertVisible(creator, secret, report);
  });

  test("a member can edit it; outsiders' attempts change nothing", async () => {
    const current = (await t.request("GET", `/api/incidents/${secret.id}`, { as: lead })).json();
    const res = await t.request("PATCH", `/api/incidents/${secret.id}`, {
      as: lead,
      body: { version: current.version, severity: "critical" },
    });
    assert.equal(res.statusCode, 200, res.body);
    const after = (await t.request("GET", `/api/incidents/${secret.id}`, { as: lead })).json();
    assert.equal(after.title, secret.title);
    assert.equal(after.version, current.version + 1);
  });
});

describe("restricting and linking later", () => {
  test("restricting an incident hides it and its reports; the editor and lead stay in", async () => {
    const report = await post(constituent, "/api/reports", { subject: "Leaked credentials" });
    const incident = await post(otherHandler, "/api/incidents", {
      title: "Credential leak 91b",
      tenant: tenantA,
      leadId: lead.id,
      reportIds: [report.id],
    });
    await assertVisible(constituent, incident, report);
    await assertVisible(otherAdmin, incident, report);

    const res = await t.request("PATCH", `/api/incidents/${incident.id}`, {
      as: named,
      body: { version: incident.version, restricted: true },
    });
    assert.equal(res.statusCode, 200, res.body);
    const restricted = res.json();
    assert.equal(restricted.restricted, true);

    for (const user of [named, otherHandler, lead]) await assertVisible(user, restricted, report);
    for (const user of [constituent, otherAdmin, tenantHandler, creator]) {
      await assertHidden(user, restricted, report);
    }

    const timeline = (
      await t.request("GET", `/api/incidents/${incident.id}/timeline`, { as: named })
    ).json().items;
    const updated = timeline.find((e: Json) => e.type === "incident.updated");
    assert.deepEqual(updated.data.changes, { restricted: { from: false, to: true } });
  });

  test("linking a report to a restricted incident makes it vanish from others' lists", async () => {
    const incident = await post(creator, "/api/incidents", {
      title: "Quiet case 55",
      tenant: tenantA,
      restricted: true,
      memberIds: [named.id],
    });
    const report = await post(constituent, "/api/reports", { subject: "Strange VPN logins" });
    for (const user of [otherAdmin, otherHandler, constituent]) {
      assert.ok((await listIds(user, "/api/reports?limit=200")).includes(report.id));
    }
    const linked = await t.request("POST", `/api/reports/${report.id}/link`, {
      as: named,
      body: { incidentId: incident.id },
    });
    assert.equal(linked.statusCode, 200, linked.body);
    for (const user of [otherAdmin, otherHandler, constituent, tenantHandler]) {
      await assertHidden(user, incident, report);
    }
    await assertVisible(named, incident, report);
    await assertVisible(creator, incident, report);

    // An outsider can neither link into it nor unlink from it.
    const spare = await post(otherHandler, "/api/reports", { subject: "spare", tenant: tenantA });
    assertError(
      await t.request("POST", `/api/reports/${spare.id}/link`, {
        as: otherHandler,
        body: { incidentId: incident.id },
      }),
      404,
      "INCIDENT_NOT_FOUND",
    );
    assertError(
      await t.request("POST", `/api/reports/${report.id}/unlink`, { as: otherHandler }),
      404,
      "REPORT_NOT_FOUND",
    );
    assertError(
      await t.request("POST", `/api/reports/${spare.id}/merge`, {
        as: otherHandler,
        body: { intoReportId: report.id },
      }),
      404,
      "REPORT_NOT_FOUND",
    );
  });

  test("naming members at creation gives them sight; a foreign member is refused", async () => {
    const tenantB = await t.tenant("globex");
    const staffB = await t.user("handler", { tenantId: tenantB });
    const res = await t.request("POST", "/api/incidents", {
      as: creator,
      body: { title: "cross", tenant: tenantA, restricted: true, memberIds: [staffB.id] },
    });
    assertError(res, 404, "USER_NOT_FOUND");
    const ok = await post(creator, "/api/incidents", {
      title: "Named at birth",
      tenant: tenantA,
      restricted: true,
      memberIds: [tenantHandler.id],
    });
    await assertVisible(tenantHandler, ok);
    await assertHidden(otherHandler, ok);
  });
});
