import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertError, type Json } from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";

type Response = Awaited<ReturnType<TestApp["request"]>>;

let t: TestApp;
let alice: TestUser;
let bob: TestUser;

async function newIncident(title = "Concurrent case"): Promise<Json> {
  const res = await t.request("POST", "/api/incidents", { as: alice, body: { title } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function read(id: string): Promise<Json> {
  const res = await t.request("GET", `/api/incidents/${id}`, { as: alice });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function timelineTypes(kind: "incidents" | "reports", id: string): Promise<string[]> {
  const res = await t.request("GET", `/api/${kind}/${id}/timeline`, { as: alice });
  return res.json().items.map((e: Json) => e.type);
}

async function auditCount(id: string): Promise<number> {
  const res = await t.request("GET", `/api/audit?entityId=${id}&limit=1000`, { as: alice });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items.length;
}

/** Exactly one winner; the rest VERSION_CONFLICT. Returns the winner. */
function oneWinner(results: Response[]): { winner: Response; index: number } {
  const statuses = results.map((r) => r.statusCode).sort();
  assert.deepEqual(statuses, [200, ...Array(results.length - 1).fill(409)], statuses.join(","));
  for (const r of results.filter((r) => r.statusCode === 409)) {
    assertError(r, 409, "VERSION_CONFLICT");
  }
  const index = results.findIndex((r) => r.statusCode === 200);
  return { winner: results[index] as Response, index };
}

before(async () => {
  t = await createTestApp();
  alice = await t.user("admin");
  bob = await t.user("handler");
});

after(async () => {
  await t.close();
});

describe("optimistic concurrency on incidents", () => {
  test("ETag is set on create, read, edit and status change", async () => {
    const created = await t.request("POST", "/api/incidents", { as: alice, body: { title: "e" } });
    assert.equal(created.headers.etag, '"1"');
    const id = created.json().id;
    assert.equal((await t.request("GET", `/api/incidents/${id}`, { as: bob })).headers.etag, '"1"');
    const patched = await t.request("PATCH", `/api/incidents/${id}`, {
      as: bob,
      body: { title: "e2" },
      headers: { "if-match": '"1"' },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.headers.etag, '"2"');
    const moved = await t.request("POST", `/api/incidents/${id}/status`, {
      as: bob,
      body: { status: "triage" },
      headers: { "if-match": 'W/"2"' },
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.headers.etag, '"3"');
    assert.equal((await t.request("GET", `/api/incidents/${id}`, { as: bob })).headers.etag, '"3"');
  });

  test("an edit without If-Match or version is 428 and writes nothing", async () => {
    const inc = await newIncident();
    const audits = await auditCount(inc.id);
    assertError(
      await t.request("PATCH", `/api/incidents/${inc.id}`, { as: bob, body: { title: "blind" } }),
      428,
      "PRECONDITION_REQUIRED",
    );
    assertError(
      await t.request("POST", `/api/incidents/${inc.id}/status`, {
        as: bob,
        body: { status: "triage" },
      }),
      428,
      "PRECONDITION_REQUIRED",
    );
    const after = await read(inc.id);
    assert.equal(after.title, inc.title);
    assert.equal(after.status, "new");
    assert.equal(after.version, 1);
    assert.deepEqual(await timelineTypes("incidents", inc.id), ["incident.created"]);
    assert.equal(await auditCount(inc.id), audits);
  });

  test("a malformed If-Match is 400", async () => {
    const inc = await newIncident();
    for (const etag of ["*", '"abc"', "1,2"]) {
      assertError(
        await t.request("PATCH", `/api/incidents/${inc.id}`, {
          as: bob,
          body: { title: "x" },
          headers: { "if-match": etag },
        }),
        400,
        "VALIDATION_FAILED",
      );
    }
    assert.equal((await read(inc.id)).version, 1);
  });

  test("a stale version is 409 VERSION_CONFLICT and nothing is written", async () => {
    const inc = await newIncident("stale");
    const first = await t.request("PATCH", `/api/incidents/${inc.id}`, {
      as: alice,
      body: { version: 1, title: "alice's title" },
    });
    assert.equal(first.statusCode, 200, first.body);
    const audits = await auditCount(inc.id);
    for (const request of [
      { body: { version: 1, title: "bob's title" } },
      { body: { title: "bob's title" }, headers: { "if-match": '"1"' } },
      { body: { title: "bob's title" }, headers: { "if-match": '"7"' } },
    ]) {
      const res = await t.request("PATCH", `/api/incidents/${inc.id}`, { as: bob, ...request });
      assertError(res, 409, "VERSION_CONFLICT");
      assert.deepEqual(res.json().error.details, { currentVersion: 2 });
    }
    assertError(
      await t.request("POST", `/api/incidents/${inc.id}/status`, {
        as: bob,
        body: { status: "triage", version: 1 },
      }),
      409,
      "VERSION_CONFLICT",
    );
    const after = await read(inc.id);
    assert.equal(after.title, "alice's title");
    assert.equal(after.status, "new");
    assert.equal(after.version, 2);
    assert.deepEqual(await timelineTypes("incidents", inc.id), [
      "incident.created",
      "incident.updated",
    ]);
    assert.equal(await auditCount(inc.id), audits);
  });

  test("If-Match wins over a body version", async () => {
    const inc = await newIncident();
    const res = await t.request("PATCH", `/api/incidents/${inc.id}`, {
      as: bob,
      body: { version: 1, title: "x" },
      headers: { "if-match": '"5"' },
    });
    assertError(res, 409, "VERSION_CONFLICT");
  });

  test("two concurrent edits of the same version: one 200, one 409, no lost update", async () => {
    const inc = await newIncident("race");
    const results = await Promise.all([
      t.request("PATCH", `/api/incidents/${inc.id}`, {
        as: alice,
        body: { title: "alice wins" },
        headers: { "if-match": '"1"' },
      }),
      t.request("PATCH", `/api/incidents/${inc.id}`, {
        as: bob,
        body: { severity: "critical" },
        headers: { "if-match": '"1"' },
      }),
    ]);
    const { winner, index } = oneWinner(results);
    assert.equal(winner.headers.etag, '"2"');
    const after = await read(inc.id);
    assert.equal(after.version, 2);
    if (index === 0) {
      assert.equal(after.title, "alice wins");
      assert.equal(after.severity, "medium");
    } else {
      assert.equal(after.title, "race");
      assert.equal(after.severity, "critical");
    }
    assert.deepEqual(await timelineTypes("incidents", inc.id), [
      "incident.created",
      "incident.updated",
    ]);

    // The loser reloads and retries: both changes end up in the record.
    const loser = index === 0 ? { severity: "critical" } : { title: "alice wins" };
    const retry = await t.request("PATCH", `/api/incidents/${inc.id}`, {
      as: index === 0 ? bob : alice,
      body: loser,
      headers: { "if-match": `"${after.version}"` },
    });
    assert.equal(retry.statusCode, 200, retry.body);
    const final = await read(inc.id);
    assert.equal(final.title, "alice wins");
    assert.equal(final.severity, "critical");
    assert.equal(final.version, 3);
  });

  test("many concurrent edits of one version produce exactly one change", async () => {
    const inc = await newIncident("stampede");
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        t.request("PATCH", `/api/incidents/${inc.id}`, {
          as: i % 2 ? alice : bob,
          body: { version: 1, description: `writer ${i}` },
        }),
      ),
    );
    const { index } = oneWinner(results);
    const after = await read(inc.id);
    assert.equal(after.description, `writer ${index}`);
    assert.equal(after.version, 2);
    assert.deepEqual(await timelineTypes("incidents", inc.id), [
      "incident.created",
      "incident.updated",
    ]);
  });

  test("concurrent status changes of one version: exactly one transition", async () => {
    const inc = await newIncident("status race");
    const results = await Promise.all(
      ["triage", "closed"].map((status, i) =>
        t.request("POST", `/api/incidents/${inc.id}/status`, {
          as: i ? alice : bob,
          body: { status, version: 1 },
        }),
      ),
    );
    const { winner } = oneWinner(results);
    const after = await read(inc.id);
    assert.equal(after.status, winner.json().status);
    assert.equal(after.version, 2);
    assert.deepEqual(await timelineTypes("incidents", inc.id), [
      "incident.created",
      "incident.status_changed",
    ]);
    const verify = await t.request("GET", "/api/audit/verify", { as: alice });
    assert.equal(verify.json().ok, true, "the audit chain survives concurrent writers");
  });
});

describe("optimistic concurrency on reports", () => {
  test("concurrent report edits of one version: one 200, one 409", async () => {
    const created = await t.request("POST", "/api/reports", { as: bob, body: { subject: "r" } });
    assert.equal(created.headers.etag, '"1"');
    const id = created.json().id;
    const results = await Promise.all([
      t.request("PATCH", `/api/reports/${id}`, { as: alice, body: { version: 1, urgent: true } }),
      t.request("PATCH", `/api/reports/${id}`, { as: bob, body: { version: 1, tlp: "RED" } }),
    ]);
    const { index } = oneWinner(results);
    const after = (await t.request("GET", `/api/reports/${id}`, { as: bob })).json();
    assert.equal(after.version, 2);
    assert.equal(after.urgent, index === 0);
    assert.equal(after.tlp, index === 0 ? "GREEN" : "RED");
    assert.deepEqual(await timelineTypes("reports", id), ["report.created", "report.updated"]);
    assertError(
      await t.request("PATCH", `/api/reports/${id}`, { as: bob, body: { urgent: false } }),
      428,
      "PRECONDITION_REQUIRED",
    );
  });

  test("concurrent merges of one report into two targets: only one happens", async () => {
    const make = async (subject: string) =>
      (await t.request("POST", "/api/reports", { as: bob, body: { subject } })).json();
    const source = await make("dup");
    const [a, b] = [await make("target a"), await make("target b")];
    const results = await Promise.all(
      [a, b].map((target) =>
        t.request("POST", `/api/reports/${source.id}/merge`, {
          as: bob,
          body: { intoReportId: target.id },
        }),
      ),
    );
    const statuses = results.map((r) => r.statusCode).sort();
    assert.deepEqual(statuses, [200, 409]);
    const loser = results.find((r) => r.statusCode === 409) as Response;
    assertError(loser, 409, "REPORT_ALREADY_MERGED");
    const winner = results.find((r) => r.statusCode === 200) as Response;
    const src = (await t.request("GET", `/api/reports/${source.id}`, { as: bob })).json();
    assert.equal(src.mergedIntoId, winner.json().id);
    assert.deepEqual(await timelineTypes("reports", source.id), [
      "report.created",
      "report.merged",
    ]);
  });

  test("crossed merges (A into B while B into A) never deadlock: one 200, one 409", async () => {
    const make = async (subject: string) =>
      (await t.request("POST", "/api/reports", { as: bob, body: { subject } })).json();
    for (let round = 0; round < 5; round++) {
      const a = await make(`crossed a${round}`);
      const b = await make(`crossed b${round}`);
      const results = await Promise.all([
        t.request("POST", `/api/reports/${a.id}/merge`, { as: bob, body: { intoReportId: b.id } }),
        t.request("POST", `/api/reports/${b.id}/merge`, {
          as: alice,
          body: { intoReportId: a.id },
        }),
      ]);
      assert.deepEqual(
        results.map((r) => r.statusCode).sort(),
        [200, 409],
        results.map((r) => r.body).join("\n"),
      );
      assertError(
        results.find((r) => r.statusCode === 409) as Response,
        409,
        "REPORT_ALREADY_MERGED",
      );
    }
  });

  test("creating an incident from a report while the report is edited never fails with 5xx or 404", async () => {
    for (let round = 0; round < 5; round++) {
      const report = (
        await t.request("POST", "/api/reports", { as: bob, body: { subject: `raced ${round}` } })
      ).json();
      const [created, patched] = await Promise.all([
        t.request("POST", "/api/incidents", {
          as: alice,
          body: { title: `from raced ${round}`, reportIds: [report.id] },
        }),
        t.request("PATCH", `/api/reports/${report.id}`, {
          as: bob,
          body: { version: 1, urgent: true },
        }),
      ]);
      assert.equal(created.statusCode, 201, created.body);
      // The edit either went first or lost to the link's version bump.
      if (patched.statusCode !== 200) assertError(patched, 409, "VERSION_CONFLICT");
      const after = (await t.request("GET", `/api/reports/${report.id}`, { as: bob })).json();
      assert.equal(after.incidentId, created.json().id);
      assert.equal(after.urgent, patched.statusCode === 200);
    }
    const verify = await t.request("GET", "/api/audit/verify", { as: alice });
    assert.equal(verify.json().ok, true);
  });
});
