import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { parsePap, parseTlp, tlpLevels, tlpRank } from "./marking.ts";

test("TLP labels parse in every spelling handlers use", () => {
  assert.equal(parseTlp("amber"), "AMBER");
  assert.equal(parseTlp("TLP:AMBER+STRICT"), "AMBER+STRICT");
  assert.equal(parseTlp(" tlp:red "), "RED");
  assert.equal(parseTlp("WHITE"), "CLEAR");
  assert.equal(parseTlp("TLP: GREEN"), "GREEN");
  assert.equal(parseTlp("purple"), undefined);
  assert.equal(parsePap("PAP:AMBER"), "AMBER");
  assert.equal(parsePap("amber+strict"), undefined);
});

test("TLP ranks follow restrictiveness", () => {
  assert.deepEqual(
    [...tlpLevels].sort((a, b) => tlpRank(a) - tlpRank(b)),
    ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"],
  );
});

test("parseTlp never throws and only returns known levels", () => {
  fc.assert(
    fc.property(fc.string(), (s) => {
      const r = parseTlp(s);
      return r === undefined || (tlpLevels as readonly string[]).includes(r);
    }),
  );
});
