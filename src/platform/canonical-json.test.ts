import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { canonicalJson } from "./canonical-json.ts";

test("canonical JSON ignores key order at every depth", () => {
  assert.equal(
    canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }),
    canonicalJson({ a: { c: null, d: [1, { y: 2, z: 1 }] }, b: 1 }),
  );
});

test("canonical JSON round-trips through JSON.parse", () => {
  fc.assert(
    fc.property(
      fc.jsonValue(),
      (v) => canonicalJson(JSON.parse(canonicalJson(v))) === canonicalJson(v),
    ),
  );
});
