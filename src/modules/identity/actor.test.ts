import assert from "node:assert/strict";
import { test } from "node:test";
import { type Actor, can, roles, scopesForRole } from "./actor.ts";

const actor = (over: Partial<Actor>): Actor => ({
  userId: "u",
  label: "u",
  role: "handler",
  tenantId: null,
  scopes: null,
  ...over,
});

test("roles grant the documented permissions", () => {
  assert.equal(can(actor({ role: "auditor" }), "audit:read"), true);
  assert.equal(can(actor({ role: "auditor" }), "incidents:write"), false);
  assert.equal(can(actor({ role: "constituent" }), "incidents:write"), false);
  assert.equal(can(actor({ role: "constituent" }), "reports:write"), true);
  assert.equal(can(actor({ role: "handler" }), "users:manage"), false);
  assert.equal(can(actor({ role: "admin" }), "users:manage"), true);
});

test("token scopes narrow but never widen a role", () => {
  assert.equal(can(actor({ scopes: ["read"] }), "incidents:write"), false);
  assert.equal(can(actor({ scopes: ["read", "write"] }), "incidents:write"), true);
  assert.equal(can(actor({ scopes: ["admin"] }), "users:manage"), false);
});

test("every role can hold at least the read scope", () => {
  for (const role of roles) assert.ok(scopesForRole(role).includes("read"), role);
  assert.deepEqual(scopesForRole("auditor"), ["read", "audit"]);
});
