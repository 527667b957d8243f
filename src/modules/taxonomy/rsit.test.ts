import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { assertRsit, rsit } from "./rsit.ts";

test("the shipped RSIT copy matches the shared corpus", () => {
  const corpus = join(import.meta.dirname, "../../../../shared/corpora/rsit/machinev1.json");
  let text: string;
  try {
    text = readFileSync(corpus, "utf8");
  } catch {
    return; // corpus not beside this checkout
  }
  const shipped = readFileSync(join(import.meta.dirname, "data", "rsit.json"), "utf8");
  assert.equal(shipped, text);
});

test("RSIT classes and types validate", () => {
  assert.equal(rsit.classes.length, 11);
  assert.doesNotThrow(() => assertRsit("malicious-code", "c2-server"));
  assert.doesNotThrow(() => assertRsit("fraud", null));
  assert.doesNotThrow(() => assertRsit(null, null));
  assert.throws(() => assertRsit("malicious-code", "spam"), /Unknown RSIT type/);
  assert.throws(() => assertRsit("nope", null), /Unknown RSIT class/);
  assert.throws(() => assertRsit(null, "spam"), /needs its RSIT class/);
});
