import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { errorCodes } from "../src/platform/errors.ts";
import type { Json } from "./support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "./support/test-app.ts";

type Response = Awaited<ReturnType<TestApp["request"]>>;

const BODY_LIMIT = 2048;
const countedTables = ["incidents", "reports", "incident_members", "timeline_events", "audit_log"];

let t: TestApp;
let handler: TestUser;
let incident: Json;
let report: Json;
/** Every error response seen, checked at the end for leaked internals. */
const errorBodies: string[] = [];

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of countedTables) {
    const result = await t.db.execute(`SELECT count(*)::int AS n FROM ${table}`);
    out[table] = (result as unknown as { rows: { n: number }[] }).rows[0]?.n ?? -1;
  }
  return out;
}

/** Runs `fn` and asserts that no row was added to any case table meanwhile. */
async function writesNothing(fn: () => Promise<void>): Promise<void> {
  const before = await counts();
  await fn();
  assert.deepEqual(await counts(), before, "a rejected request wrote rows");
}

function assertClientError(res: Response, status?: number, code?: string): void {
  errorBodies.push(res.body);
  assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${res.statusCode}: ${res.body}`);
  if (status !== undefined) assert.equal(res.statusCode, status, res.body);
  assert.match(String(res.headers["content-type"]), /^application\/json/);
  const body = res.json();
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.ok((errorCodes as readonly string[]).includes(body.error.code), body.error.code);
  assert.equal(typeof body.error.message, "string");
  if (code !== undefined) assert.equal(body.error.code, code, res.body);
}

function raw(
  method: "POST" | "PATCH",
  url: string,
  payload: string | Buffer,
  contentType = "application/json",
  extra: Record<string, string> = {},
): Promise<Response> {
  return t.request(method, url, {
    headers: {
      authorization: `Bearer ${handler.token}`,
      "content-type": contentType,
      ...extra,
    },
    body: payload,
  });
}

before(async () => {
  t = await createTestApp({ bodyLimitBytes: BODY_LIMIT });
  handler = await t.user("handler");
  incident = (
    await t.request("POST", "/api/incidents", { as: handler, body: { title: "base" } })
  ).json();
  report = (
    await t.request("POST", "/api/reports", { as: handler, body: { subject: "base" } })
  ).json();
});

after(async () => {
  await t.close();
});

describe("oversized and malformed bodies", () => {
  test("a body over the limit is 413 PAYLOAD_TOO_LARGE and writes nothing", async () => {
    const big = "x".repeat(BODY_LIMIT + 100);
    await writesNothing(async () => {
      for (const [method, url, body] of [
        ["POST", "/api/reports", { subject: "big", summary: big }],
        ["POST", "/api/incidents", { title: "big", description: big }],
        ["PATCH", `/api/incidents/${incident.id}`, { version: 1, description: big }],
        ["POST", `/api/reports/${report.id}/merge`, { intoReportId: big }],
      ] as const) {
        const res = await raw(method, url, JSON.stringify(body));
        assertClientError(res, 413, "PAYLOAD_TOO_LARGE");
      }
    });
  });

  test("a body just under the limit is accepted", async () => {
    const res = await t.request("POST", "/api/reports", {
      as: handler,
      body: { subject: "fits", summary: "y".repeat(BODY_LIMIT - 200) },
    });
    assert.equal(res.statusCode, 201, res.body);
  });

  test("malformed JSON is 400 INVALID_JSON", async () => {
    await writesNothing(async () => {
      for (const payload of [
        "{",
        '{"subject": "x",}',
        "{'subject': 'x'}",
        '{"subject": "x"} trailing',
        "",
        '{"subject":"x","__proto__":{"polluted":true}}',
      ]) {
        assertClientError(await raw("POST", "/api/reports", payload), 400, "INVALID_JSON");
      }
      assertClientError(
        await raw("PATCH", `/api/incidents/${incident.id}`, "{version:1}"),
        400,
        "INVALID_JSON",
      );
    });
    assert.equal(({} as Json).polluted, undefined);
  });

  test("non-JSON and non-object bodies are refused", async () => {
    await writesNothing(async () => {
      assertClientError(
        await raw("POST", "/api/reports", "<report/>", "application/xml"),
        415,
        "UNSUPPORTED_MEDIA_TYPE",
      );
      assertClientError(await raw("POST", "/api/reports", "subject=x", "text/plain"), 400);
      for (const payload of ["null", "[]", '"subject"', "42", "true"]) {
        assertClientError(await raw("POST", "/api/reports", payload), 400, "VALIDATION_FAILED");
      }
    });
  });
});

describe("wrong types and unknown fields", () => {
  const reportBodies: Json[] = [
    { subject: 42 },
    { subject: ["a"] },
    { subject: { $ne: null } },
    { subject: "x", urgent: "yes" },
    { subject: "x", urgent: 1 },
    { subject: "x", tlp: 3 },
    { subject: "x", channel: "carrier-pigeon" },
    { subject: "x", reporterEmail: "not-an-email" },
    { subject: "x", receivedAt: "yesterday" },
    { subject: "x", receivedAt: "0000-01-01T00:00:00Z" },
    { subject: "x", receivedAt: "9999-12-31T23:00:00-14:00" },
    { subject: "x".repeat(999) },
    { subject: "x", isAdmin: true },
    { subject: "x", tenantId: "00000000-0000-0000-0000-000000000000" },
    { subject: "x", version: 1 },
    {},
  ];
  const incidentBodies: Json[] = [
    { title: 1 },
    { title: null },
    { title: "x", restricted: "true" },
    { title: "x", memberIds: "abc" },
    { title: "x", memberIds: ["not-a-uuid"] },
    { title: "x", leadId: 7 },
    { title: "x", severity: "meh" },
    { title: "x", priority: "P0" },
    { title: "x", reportIds: [{ id: 1 }] },
    { title: "x", status: "closed" },
    { title: "x", id: "00000000-0000-0000-0000-000000000000" },
    { title: "x", createdBy: "someone" },
  ];
  const patchBodies: Json[] = [
    { version: "1", title: "x" },
    { version: 1.5, title: "x" },
    { version: 0, title: "x" },
    { version: -1, title: "x" },
    { version: 1, status: "closed" },
    { version: 1, tenantId: "00000000-0000-0000-0000-000000000000" },
    { version: 1, ref: 1 },
    { version: 1, title: "" },
    { version: 1, restricted: null },
  ];

  test("bad report bodies are 400 and write nothing", async () => {
    await writesNothing(async () => {
      for (const body of reportBodies) {
        const res = await t.request("POST", "/api/reports", { as: handler, body });
        assertClientError(res, 400, "VALIDATION_FAILED");
      }
    });
  });

  test("bad incident bodies are 400 and write nothing", async () => {
    await writesNothing(async () => {
      for (const body of incidentBodies) {
        const res = await t.request("POST", "/api/incidents", { as: handler, body });
        assertClientError(res, 400, "VALIDATION_FAILED");
      }
      for (const body of patchBodies) {
        const res = await t.request("PATCH", `/api/incidents/${incident.id}`, {
          as: handler,
          body,
        });
        assertClientError(res, 400, "VALIDATION_FAILED");
      }
      for (const body of [{ status: 5 }, { status: "triage", version: 1, extra: 1 }, {}]) {
        const res = await t.request("POST", `/api/incidents/${incident.id}/status`, {
          as: handler,
          body,
        });
        assertClientError(res, 400, "VALIDATION_FAILED");
      }
    });
    const current = (
      await t.request("GET", `/api/incidents/${incident.id}`, { as: handler })
    ).json();
    assert.equal(current.version, 1);
  });

  test("unknown and malformed query parameters are 400", async () => {
    for (const url of [
      "/api/reports?sort=subject",
      "/api/reports?limit=-1",
      "/api/reports?limit=1e9",
      "/api/reports?offset=abc",
      "/api/reports?status=open&status=closed",
      "/api/reports?incidentId=1%20OR%201%3D1",
      "/api/incidents?tenantId=abc",
      "/api/incidents?severity[]=low",
      `/api/incidents?q=${"x".repeat(201)}`,
      "/api/incidents?where=1%3D1",
    ]) {
      assertClientError(await t.request("GET", url, { as: handler }), 400, "VALIDATION_FAILED");
    }
  });

  test("NUL characters are refused instead of reaching the database", async () => {
    await writesNothing(async () => {
      for (const [method, url, body] of [
        ["POST", "/api/reports", { subject: "nul\u0000byte" }],
        ["POST", "/api/reports", { subject: "ok", summary: "a\u0000" }],
        ["POST", "/api/incidents", { title: "nul\u0000byte" }],
        ["PATCH", `/api/incidents/${incident.id}`, { version: 1, description: "\u0000" }],
      ] as const) {
        const res = await t.request(method, url, { as: handler, body });
        assertClientError(res, 400, "VALIDATION_FAILED");
      }
      for (const url of ["/api/reports?q=%00", "/api/incidents?q=a%00b", "/api/incidents/%00"]) {
        assertClientError(await t.request("GET", url, { as: handler }), 400, "VALIDATION_FAILED");
      }
    });
  });
});

describe("invalid ids", () => {
  const badIds = [
    "abc",
    "1 OR 1=1",
    "1; DROP TABLE incidents; --",
    "' OR '1'='1",
    "../etc",
    "..%2F..%2Fetc%2Fpasswd",
    "-1",
    "1.5",
    "0x10",
    "99999999999",
    "00000000-0000-0000-0000-00000000000g",
    "%E2%80%AE",
    "x".repeat(64),
    "x".repeat(65),
  ];
  const routes: [string, (id: string) => string, unknown?][] = [
    ["GET", (id) => `/api/incidents/${id}`],
    ["PATCH", (id) => `/api/incidents/${id}`, { version: 1, title: "x" }],
    ["POST", (id) => `/api/incidents/${id}/status`, { status: "triage", version: 1 }],
    ["GET", (id) => `/api/incidents/${id}/timeline`],
    ["GET", (id) => `/api/incidents/${id}/reports`],
    ["GET", (id) => `/api/incidents/${id}/members`],
    [
      "POST",
      (id) => `/api/incidents/${id}/members`,
      { userId: "00000000-0000-4000-8000-000000000000" },
    ],
    ["DELETE", (id) => `/api/incidents/${id}/members/${id}`],
    ["GET", (id) => `/api/reports/${id}`],
    ["PATCH", (id) => `/api/reports/${id}`, { version: 1, urgent: true }],
    ["POST", (id) => `/api/reports/${id}/link`, { incidentId: "1" }],
    ["POST", (id) => `/api/reports/${id}/unlink`],
    ["POST", (id) => `/api/reports/${id}/merge`, { intoReportId: "1" }],
    ["GET", (id) => `/api/reports/${id}/timeline`],
  ];

  test("every id route answers 4xx with a stable code, never 500", async () => {
    await writesNothing(async () => {
      for (const [method, url, body] of routes) {
        for (const id of badIds) {
          const path = url(id.includes("%") ? id : encodeURIComponent(id));
          const res = await t.request(method as "GET", path, {
            as: handler,
            ...(body === undefined ? {} : { body }),
          });
          assertClientError(res);
          assert.ok([400, 404].includes(res.statusCode), `${method} ${path}: ${res.body}`);
        }
      }
    });
  });

  test("ids in bodies are checked the same way", async () => {
    await writesNothing(async () => {
      for (const id of badIds) {
        const link = await t.request("POST", `/api/reports/${report.id}/link`, {
          as: handler,
          body: { incidentId: id },
        });
        assertClientError(link);
        const merge = await t.request("POST", `/api/reports/${report.id}/merge`, {
          as: handler,
          body: { intoReportId: id },
        });
        assertClientError(merge);
        const create = await t.request("POST", "/api/incidents", {
          as: handler,
          body: { title: "ids", reportIds: [id] },
        });
        assertClientError(create);
      }
    });
  });
});

describe("hostile text is data", () => {
  const payloads = [
    "'; DROP TABLE incidents; --",
    "Robert'); DROP TABLE reports;--",
    "1' OR '1'='1",
    '" OR ""="',
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(document.cookie)">',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe
    "{{7*7}} ${7*7} #{7*7}",
    "\\'\\\"%_\\\\",
    "𝕍𝕚𝕘𝕚𝕝 \u202e txt.exe ✓",
  ];

  test("SQL-ish and script payloads are stored verbatim and returned as JSON strings", async () => {
    for (const text of payloads) {
      const inc = await t.request("POST", "/api/incidents", {
        as: handler,
        body: { title: text, description: text },
      });
      assert.equal(inc.statusCode, 201, inc.body);
      assert.match(String(inc.headers["content-type"]), /^application\/json/);
      assert.equal(inc.json().title, text.trim());
      assert.equal(inc.json().description, text);
      const rep = await t.request("POST", "/api/reports", {
        as: handler,
        body: { subject: text, summary: text, reporterName: text },
      });
      assert.equal(rep.statusCode, 201, rep.body);
      assert.equal(rep.json().subject, text.trim());
      assert.equal(rep.json().reporterName, text);

      const read = await t.request("GET", `/api/incidents/${inc.json().id}`, { as: handler });
      assert.equal(read.json().title, text.trim());
      assert.equal(
        read.headers["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'",
      );
      assert.equal(read.headers["x-content-type-options"], "nosniff");
      const timeline = await t.request("GET", `/api/reports/${rep.json().id}/timeline`, {
        as: handler,
      });
      assert.equal(timeline.json().items[0].data.subject, text.trim());

      const found = await t.request("GET", `/api/reports?q=${encodeURIComponent(text.trim())}`, {
        as: handler,
      });
      assert.equal(found.statusCode, 200, found.body);
      assert.ok(
        found.json().items.some((r: Json) => r.id === rep.json().id),
        text,
      );
      const search = await t.request("GET", `/api/incidents?q=${encodeURIComponent(text.trim())}`, {
        as: handler,
      });
      assert.ok(
        search.json().items.some((i: Json) => i.id === inc.json().id),
        text,
      );
    }
    // The script tag travels as an escaped JSON string, never as markup.
    const list = await t.request("GET", "/api/incidents?q=script", { as: handler });
    assert.match(list.body, /"<script>alert\(1\)<\/script>"/);
  });

  test("the tables are all still there and consistent", async () => {
    const tables = await t.db.execute(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    );
    const names = (tables as unknown as { rows: { table_name: string }[] }).rows.map(
      (r) => r.table_name,
    );
    for (const table of countedTables) assert.ok(names.includes(table), table);
    const c = await counts();
    assert.ok((c.incidents ?? 0) >= 1 + payloads.length);
    assert.ok((c.reports ?? 0) >= 1 + payloads.length);
    const verify = await t.request("GET", "/api/audit/verify", {
      headers: { authorization: `Bearer ${(await t.user("admin")).token}` },
    });
    assert.equal(verify.json().ok, true);
  });
});

describe("error bodies", () => {
  test("unknown routes and methods are enveloped too", async () => {
    assertClientError(await t.request("GET", "/api/nope", { as: handler }), 404, "ROUTE_NOT_FOUND");
    assertClientError(
      await t.request("PUT", `/api/incidents/${incident.id}`, { as: handler, body: {} }),
      404,
      "ROUTE_NOT_FOUND",
    );
  });

  test("no error response carries a stack trace or internals", () => {
    assert.ok(errorBodies.length > 100, `only ${errorBodies.length} error bodies seen`);
    for (const body of errorBodies) {
      assert.doesNotMatch(body, /\bat .+:\d+:\d+/, body);
      assert.doesNotMatch(body, /"stack"/, body);
      assert.doesNotMatch(body, /node_modules|\/src\/|\.ts\b/, body);
      assert.doesNotMatch(body, /Failed query|syntax error at|relation "|pg_/i, body);
    }
  });
});
