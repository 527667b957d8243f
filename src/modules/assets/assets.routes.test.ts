import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertError, endpointTable, type Json } from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";

let t: TestApp;
let tenantB: string;
let handler: TestUser;
let handlerB: TestUser;
let constituentB: TestUser;
let constituentA: TestUser;
let counter = 0;

async function createAsset(as: TestUser, body: Record<string, unknown>): Promise<Json> {
  const res = await t.request("POST", "/api/assets", { as, body });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

const fresh = async () => {
  counter++;
  const a = await createAsset(handler, {
    name: `host-${counter}`,
    kind: "host",
    criticality: "high",
    tenant: "acme",
  });
  return { id: a.id as string, version: a.version as number };
};

before(async () => {
  t = await createTestApp();
  const tenantA = await t.tenant("acme");
  tenantB = await t.tenant("globex");
  handler = await t.user("handler");
  handlerB = await t.user("handler", { tenantId: tenantB });
  constituentB = await t.user("constituent", { tenantId: tenantB });
  constituentA = await t.user("constituent", { tenantId: tenantA });
});

after(async () => {
  await t.close();
});

describe("every assets endpoint", () => {
  endpointTable(
    [
      {
        route: "GET /api/assets",
        request: () => ({ method: "GET", url: "/api/assets" }),
        invalid: () => ({ method: "GET", url: "/api/assets?tenantId=acme" }),
        success: 200,
        perCase: false,
      },
      {
        route: "POST /api/assets",
        request: () => ({
          method: "POST",
          url: "/api/assets",
          body: {
            name: `erp-${crypto.randomUUID()}`,
            kind: "application",
            criticality: "critical",
          },
        }),
        invalid: () => ({
          method: "POST",
          url: "/api/assets",
          body: { name: "x", kind: "spaceship", criticality: "high" },
        }),
        success: 201,
        perCase: false,
      },
      {
        route: "GET /api/assets/:id",
        request: (f) => ({ method: "GET", url: `/api/assets/${f.id}` }),
        invalid: () => ({ method: "GET", url: "/api/assets/not-a-uuid" }),
        success: 200,
        perCase: true,
      },
      {
        route: "PATCH /api/assets/:id",
        request: (f) => ({
          method: "PATCH",
          url: `/api/assets/${f.id}`,
          body: { criticality: "low", version: f.version },
        }),
        invalid: (f) => ({
          method: "PATCH",
          url: `/api/assets/${f.id}`,
          body: { criticality: "meh", version: f.version },
        }),
        success: 200,
        perCase: true,
      },
      {
        route: "DELETE /api/assets/:id",
        request: (f) => ({ method: "DELETE", url: `/api/assets/${f.id}` }),
        invalid: () => ({ method: "DELETE", url: "/api/assets/not-a-uuid" }),
        success: 200,
        perCase: true,
      },
    ],
    {
      t: () => t,
      insider: () => handler,
      outsiders: () => [handlerB, constituentB],
      fresh,
      version: async (id) => {
        const res = await t.request("GET", `/api/assets/${id}`, { as: handler });
        return res.statusCode === 200 ? res.json().version : -1;
      },
      notFoundCode: "ASSET_NOT_FOUND",
    },
    describe,
    test,
  );
});

describe("asset inventory", () => {
  test("identifiers are normalised, names unique per tenant, edits versioned", async () => {
    const a = await createAsset(handler, {
      name: "mail gateway",
      kind: "service",
      criticality: "HIGH",
      identifiers: [
        "MX1.Acme.example ",
        "192.0.2.25",
        "mx1.acme.example",
        "cpe:2.3:a:postfix:postfix:3.8:*:*:*:*:*:*:*",
      ],
      owner: "IT ops",
      tenant: "acme",
    });
    assert.deepEqual(a.identifiers, [
      "192.0.2.25",
      "cpe:2.3:a:postfix:postfix:3.8:*:*:*:*:*:*:*",
      "mx1.acme.example",
    ]);
    assertError(
      await t.request("POST", "/api/assets", {
        as: handler,
        body: { name: "mail gateway", kind: "service", criticality: "low", tenant: "acme" },
      }),
      409,
      "ASSET_NAME_TAKEN",
    );
    const other = await createAsset(handlerB, {
      name: "mail gateway",
      kind: "service",
      criticality: "low",
    });
    assert.equal(other.tenantId, tenantB);
    assertError(
      await t.request("PATCH", `/api/assets/${a.id}`, {
        as: handler,
        body: { owner: "SOC", version: a.version + 5 },
      }),
      409,
      "VERSION_CONFLICT",
    );
    const listed = (await t.request("GET", "/api/assets", { as: handlerB })).json().items;
    assert.ok(listed.every((x: Json) => x.tenantId === tenantB));
  });

  test("constituents read their tenant's assets but do not edit them", async () => {
    const f = await fresh();
    assert.equal(
      (await t.request("GET", `/api/assets/${f.id}`, { as: constituentA })).statusCode,
      200,
    );
    assertError(
      await t.request("PATCH", `/api/assets/${f.id}`, {
        as: constituentA,
        body: { owner: "me", version: f.version },
      }),
      403,
      "FORBIDDEN",
    );
  });
});
