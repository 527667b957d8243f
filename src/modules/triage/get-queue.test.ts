import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Json } from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";

let t: TestApp;
let tenantA: string;
let tenantB: string;
let admin: TestUser;
let handler: TestUser;
let member: TestUser;
let handlerA: TestUser;
let handlerB: TestUser;
let constituentA: TestUser;
const ids: Record<string, string> = {};

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
const queue = async (as: TestUser, query = "") =>
  (await call(as, "GET", `/api/queue?limit=200${query}`)).items as Json[];
const names = (items: Json[]) => {
  const byId = new Map(Object.entries(ids).map(([k, v]) => [v, k]));
  return items.map((i) => byId.get(i.id)).filter(Boolean);
};
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

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
  for (const tenant of ["acme", "globex"]) {
    await call(admin, "PUT", "/api/sla/calendar", { tenant, preset: "24/7" });
  }
  const incident = async (name: string, body: Json) => {
    ids[name] = (await call(handler, "POST", "/api/incidents", { tenant: "acme", ...body })).id;
  };
  const report = async (name: string, body: Json) => {
    ids[name] = (
      await call(handler, "POST", "/api/reports", { tenant: "acme", channel: "email", ...body })
    ).id;
  };
  await incident("lowOld", { title: "Vieux pourriel", severity: "low" });
  await incident("mediumNew", { title: "Port scan from a cloud range", severity: "medium" });
  await incident("highLed", {
    title: "Credential stuffing on VPN",
    severity: "high",
    leadId: member.id,
  });
  await incident("critical", {
    title: "Rançongiciel sur les serveurs de fichiers",
    description: "Les fichiers sont chiffrés",
    severity: "critical",
    tlp: "AMBER",
  });
  // Created by `member`: the creator is its only member, so `handler` must not see it.
  ids.restricted = (
    await call(member, "POST", "/api/incidents", {
      tenant: "acme",
      title: "Insider ransomware investigation",
      severity: "critical",
      restricted: true,
    })
  ).id;
  await report("urgentOld", {
    subject: "Phishing kit on a lookalike domain",
    urgent: true,
    receivedAt: minutesAgo(50),
  });
  await report("plain", {
    subject: "Campagne d'hameçonnage ciblant la paie",
    summary: "Plusieurs courriels frauduleux",
    receivedAt: minutesAgo(10),
  });
  ids.globex = (
    await call(handlerB, "POST", "/api/incidents", {
      title: "Globex ransomware outbreak",
      severity: "critical",
    })
  ).id;
  // A triaged incident: severity and priority from the matrix and the rule.
  const lowOld = await call(handler, "GET", `/api/incidents/${ids.lowOld}`);
  await call(handler, "POST", `/api/incidents/${ids.lowOld}/triage`, {
    impact: "severe",
    scope: "organisation_wide",
    businessImpact: "critical",
    version: lowOld.version,
  });
  // A closed incident never shows in the default queue.
  const closed = await call(handler, "POST", "/api/incidents", {
    title: "Closed scan",
    tenant: "acme",
  });
  ids.closed = closed.id;
  await call(handler, "POST", `/api/incidents/${closed.id}/status`, {
    status: "closed",
    version: closed.version,
  });
});

after(async () => {
  await t.close();
});

describe("GET /api/queue", () => {
  test("ordered by priority, then SLA due time", async () => {
    const items = await queue(member, `&tenantId=${tenantA}`);
    assert.deepEqual(names(items), [
      "critical", // untriaged critical: acknowledge due 15 min after creation
      "restricted",
      "lowOld", // triaged P1: acknowledged and triaged, containment due in 4 h
      "urgentOld", // urgent report: P2, acknowledge due 10 min from now
      "highLed", // high: P2, acknowledge due in 60 min
      "plain", // P3, acknowledge due in 230 min
      "mediumNew", // P3, acknowledge due in 240 min
    ]);
    const triaged = items.find((i) => i.id === ids.lowOld) as Json;
    assert.equal(triaged.priority, "P1");
    assert.equal(triaged.severity, "critical");
    assert.equal(triaged.nextClock, "contain");
    for (let i = 1; i < items.length; i++) {
      const a = items[i - 1] as Json;
      const b = items[i] as Json;
      assert.ok(
        a.effectivePriority < b.effectivePriority ||
          (a.effectivePriority === b.effectivePriority && (a.nextDue ?? "~") <= (b.nextDue ?? "~")),
        `${a.title} before ${b.title}`,
      );
    }
    const urgent = items.find((i) => i.id === ids.urgentOld) as Json;
    assert.equal(urgent.kind, "report");
    assert.equal(urgent.nextClock, "acknowledge");
    assert.equal(urgent.effectivePriority, "P2");
  });

  test("filters: status, severity, TLP, assignee, kind, tenant", async () => {
    assert.deepEqual(names(await queue(handler, `&severity=critical&tenantId=${tenantA}`)), [
      "critical",
      "lowOld",
    ]);
    assert.deepEqual(names(await queue(handler, "&tlp=AMBER")), ["critical"]);
    assert.deepEqual(names(await queue(handler, `&assignee=${member.id}`)), ["highLed"]);
    assert.deepEqual(names(await queue(handler, "&status=closed")), ["closed"]);
    assert.deepEqual(names(await queue(handler, "&kind=report")), ["urgentOld", "plain"]);
    assert.deepEqual(names(await queue(handler, `&tenantId=${tenantB}`)), ["globex"]);
    const page = await call(handler, "GET", "/api/queue?limit=2&offset=1");
    assert.equal(page.items.length, 2);
    assert.ok(page.total >= 7);
  });

  test("tenant isolation and need-to-know", async () => {
    const a = await queue(handlerA);
    assert.ok(a.every((i) => i.tenantId === tenantA));
    assert.ok(!names(a).includes("restricted"), "restricted incidents need membership");
    assert.deepEqual(names(await queue(handlerA, `&tenantId=${tenantB}`)), []);
    const b = await queue(handlerB);
    assert.deepEqual(names(b), ["globex"]);
    assert.ok(!names(await queue(handler)).includes("restricted"));
    assert.ok(names(await queue(member)).includes("restricted"));
    assert.ok((await queue(constituentA)).every((i) => i.tenantId === tenantA));
  });
});

describe("full-text search (French and English)", () => {
  test("stemming in both languages, in the queue and the list endpoints", async () => {
    assert.deepEqual(names(await queue(handler, "&q=rançongiciels")), ["critical"]);
    assert.deepEqual(
      names(await queue(handler, "&q=chiffré")),
      ["critical"],
      "searches the description too",
    );
    assert.deepEqual(names(await queue(handler, `&q=${encodeURIComponent("scans -closed")}`)), [
      "mediumNew",
    ]);
    assert.deepEqual(names(await queue(handler, "&q=courriel")), ["plain"]);
    assert.deepEqual(names(await queue(handler, "&q=phishing")), ["urgentOld"]);
    const incidents = (await call(handler, "GET", "/api/incidents?q=ransomware")).items as Json[];
    assert.deepEqual(names(incidents).sort(), ["globex"], "need-to-know holds in search");
    const reports = (await call(handler, "GET", "/api/reports?q=courriels")).items as Json[];
    assert.deepEqual(names(reports), ["plain"]);
  });

  test("search never crosses tenants or need-to-know", async () => {
    assert.deepEqual(names(await queue(handlerB, "&q=rançongiciel")), []);
    assert.deepEqual(names(await queue(handlerA, "&q=ransomware")), []);
    assert.deepEqual(names(await queue(member, "&q=ransomware")).sort(), ["globex", "restricted"]);
    assert.deepEqual(names((await call(handlerB, "GET", "/api/reports?q=hameçonnage")).items), []);
  });
});
