import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  assertError,
  type EndpointCase,
  endpointTable,
  type Json,
} from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";
import { queryRows, sql } from "../../platform/db/client.ts";
import { parseStixPattern } from "./iocs-rules.ts";

const examples = "/work/shared/corpora/stix-2.1/examples";

let t: TestApp;
let tenantA: string;
let handler: TestUser;
let handlerA: TestUser;
let constituentA: TestUser;

const importIocs = (as: TestUser, body: Json) =>
  t.request("POST", "/api/iocs/import", { as, body });

async function iocCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM iocs`);
  return row?.n ?? 0;
}

async function stixExample(name: string): Promise<unknown> {
  return JSON.parse(await readFile(join(examples, name), "utf8"));
}

before(async () => {
  t = await createTestApp();
  tenantA = await t.tenant("acme");
  handler = await t.user("handler");
  handlerA = await t.user("handler", { tenantId: tenantA });
  constituentA = await t.user("constituent", { tenantId: tenantA });
});

after(async () => {
  await t.close();
});

describe("every IOC endpoint", () => {
  const endpoints: EndpointCase<{ id: string; version: number }>[] = [
    {
      route: "POST /api/iocs/import",
      request: () => ({
        method: "POST",
        url: "/api/iocs/import",
        body: { format: "csv", csv: "type,value\ndomain,table.example.com\n" },
      }),
      invalid: () => ({
        method: "POST",
        url: "/api/iocs/import",
        body: { format: "xml", csv: "x" },
      }),
      success: 200,
      perCase: false,
    },
  ];
  endpointTable(
    endpoints,
    {
      t: () => t,
      insider: () => handler,
      outsiders: () => [],
      fresh: async () => ({ id: crypto.randomUUID(), version: 0 }),
      version: async () => 0,
      notFoundCode: "TENANT_NOT_FOUND",
    },
    describe,
    test,
  );
});

describe("CSV import", () => {
  test("imports good rows, reports malformed ones, and upserts on re-import", async () => {
    const csv = [
      "type,value,tlp,description",
      "ipv4,198.51.100.1,amber,C2",
      "domain,Evil.Example.COM,,phishing kit",
      "ip,2001:DB8::7",
      "ip-dst,203.0.113.0/24",
      "hash,D41D8CD98F00B204E9800998ECF8427E",
      'url,"hxxp://not-refanged.example.com/a",green,"quoted, with comma"',
      "ipv4,300.1.1.1",
      "mac,aa:bb:cc:dd:ee:ff",
      "domain",
      "ipv4,198.51.100.2,purple",
      'domain,"unterminated.example.com',
    ].join("\n");
    const res = await importIocs(handler, { format: "csv", csv, source: "unit test" });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.imported, 6, "defanged values are refanged");
    assert.equal(body.updated, 0);
    const reasons = body.skipped.map((s: Json) => `${s.where}: ${s.reason}`);
    assert.ok(reasons.some((r: string) => /line 8: not a valid ipv4/.test(r)));
    assert.ok(reasons.some((r: string) => /line 9: unknown type "mac"/.test(r)));
    assert.ok(reasons.some((r: string) => /line 10: expected type,value/.test(r)));
    assert.ok(reasons.some((r: string) => /line 11: unknown TLP/.test(r)));
    assert.ok(body.skipped.length >= 5, reasons.join("\n"));

    const rows = await queryRows<Json>(
      t.db,
      sql`SELECT type, value, tlp, description, host(addr) AS host, tenant_id FROM iocs WHERE source = 'unit test' ORDER BY id`,
    );
    assert.deepEqual(
      rows.map((r) => [r.type, r.value, r.tlp]),
      [
        ["ipv4", "198.51.100.1", "AMBER"],
        ["domain", "evil.example.com", "GREEN"],
        ["ipv6", "2001:db8::7", "GREEN"],
        ["cidr", "203.0.113.0/24", "GREEN"],
        ["md5", "d41d8cd98f00b204e9800998ecf8427e", "GREEN"],
        ["url", "http://not-refanged.example.com/a", "GREEN"],
      ],
    );
    assert.equal(rows[0]?.host, "198.51.100.1");
    assert.ok(
      rows.every((r) => r.tenant_id === null),
      "shared by default",
    );

    const again = (await importIocs(handler, { format: "csv", csv, source: "unit test" })).json();
    assert.equal(again.imported, 0);
    assert.equal(again.updated, 6);
  });

  test("formulas are data: stored verbatim or refused, never evaluated", async () => {
    const csv = [
      'domain,formula.example.com,green,"=HYPERLINK(""http://x"",""click"")"',
      "=cmd|' /C calc'!A0,evil.example.com",
      "domain,=1+1",
      "@SUM(1),+2",
    ].join("\n");
    const body = (await importIocs(handler, { format: "csv", csv, source: "formulas" })).json();
    assert.equal(body.imported, 1);
    assert.equal(body.skipped.length, 3);
    const [row] = await queryRows<Json>(
      t.db,
      sql`SELECT value, description FROM iocs WHERE source = 'formulas'`,
    );
    assert.equal(row?.value, "formula.example.com");
    assert.equal(row?.description, '=HYPERLINK("http://x","click")');
  });

  test("scopes: tenant staff import into their tenant, constituents may not import", async () => {
    const csv = "domain,tenant-scoped.example.com\n";
    const scoped = await importIocs(handlerA, { format: "csv", csv, source: "scoped" });
    assert.equal(scoped.statusCode, 200, scoped.body);
    const [row] = await queryRows<Json>(
      t.db,
      sql`SELECT tenant_id FROM iocs WHERE source = 'scoped'`,
    );
    assert.equal(row?.tenant_id, tenantA);
    assertError(
      await importIocs(handlerA, { format: "csv", csv, tenant: "default" }),
      400,
      "TENANT_MISMATCH",
    );
    assertError(await importIocs(constituentA, { format: "csv", csv }), 403, "FORBIDDEN");
    assertError(
      await importIocs(handler, { format: "csv", csv, tenant: "nope" }),
      404,
      "TENANT_NOT_FOUND",
    );
  });
});

describe("STIX 2.1 import", () => {
  test("the OASIS examples: simple patterns imported, others skipped with a reason", async () => {
    const before = await iocCount();
    const coa = (
      await importIocs(handler, {
        format: "stix",
        bundle: await stixExample("indicators-for-C2-with-COA.json"),
      })
    ).json();
    assert.ok(coa.imported >= 2, JSON.stringify(coa));
    assert.ok(coa.ignored > 0);
    const email = (
      await importIocs(handler, {
        format: "stix",
        bundle: await stixExample("malicious-email-indicator-with-attachment.json"),
      })
    ).json();
    assert.equal(email.imported, 0);
    assert.ok(email.skipped.length >= 1);
    assert.ok(
      email.skipped.every((s: Json) =>
        /unsupported object path|only '='|no simple comparison/.test(s.reason),
      ),
    );
    const apt1 = (
      await importIocs(handler, {
        format: "stix",
        bundle: await stixExample("threat-reports/apt1.json"),
      })
    ).json();
    assert.ok(apt1.imported >= 10, JSON.stringify({ ...apt1, skipped: apt1.skipped.length }));
    assert.ok(apt1.skipped.some((s: Json) => /x509-certificate/.test(s.reason)));
    const [sha] = await queryRows<Json>(
      t.db,
      sql`SELECT type FROM iocs WHERE value = 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c'`,
    );
    assert.equal(sha?.type, "sha256");
    const [net] = await queryRows<Json>(
      t.db,
      sql`SELECT type FROM iocs WHERE value = '223.166.0.0/15'`,
    );
    assert.equal(net?.type, "cidr");
    assert.ok((await iocCount()) > before);
  });

  test("markings give TLP; bad input is refused loosely", async () => {
    const bundle = {
      type: "bundle",
      objects: [
        {
          type: "marking-definition",
          id: "marking-definition--00000000-0000-4000-8000-000000000001",
          definition_type: "tlp",
          definition: { tlp: "red" },
        },
        {
          type: "indicator",
          id: "indicator--1",
          pattern:
            "[url:value = 'http://marked.example.com/x'] OR [autonomous-system:number = 64512]",
          object_marking_refs: ["marking-definition--00000000-0000-4000-8000-000000000001"],
        },
        { type: "indicator", id: "indicator--2", pattern_type: "yara", pattern: "rule x {}" },
        {
          type: "indicator",
          id: "indicator--3",
          revoked: true,
          pattern: "[ipv4-addr:value = '1.1.1.1']",
        },
        { type: "indicator", id: "indicator--4" },
        "not an object",
      ],
    };
    const body = (await importIocs(handler, { format: "stix", bundle })).json();
    assert.equal(body.imported, 2);
    assert.deepEqual(
      body.skipped.map((s: Json) => s.where),
      ["indicator--2", "indicator--3", "indicator--4"],
    );
    const rows = await queryRows<Json>(
      t.db,
      sql`SELECT type, value, tlp FROM iocs WHERE value IN ('http://marked.example.com/x', 'AS64512') ORDER BY type`,
    );
    assert.deepEqual(rows, [
      { type: "asn", value: "AS64512", tlp: "RED" },
      { type: "url", value: "http://marked.example.com/x", tlp: "RED" },
    ]);
    assertError(
      await importIocs(handler, { format: "stix", bundle: { hello: "world" } }),
      400,
      "IOC_IMPORT_INVALID",
    );
  });

  test("pattern parser: OR joins, AND refused", () => {
    assert.deepEqual(
      parseStixPattern("[domain-name:value = 'a.example.com' OR ipv4-addr:value = '10.0.0.1']"),
      {
        items: [
          { type: "domain", value: "a.example.com" },
          { type: "ipv4", value: "10.0.0.1" },
        ],
      },
    );
    assert.deepEqual(parseStixPattern("[file:hashes.MD5 = 'abc' AND file:name = 'x.exe']"), {
      reason: "only '=' comparisons joined by OR are imported",
    });
    assert.ok("reason" in parseStixPattern("[x509-certificate:issuer = 'CN=x']"));
  });
});
