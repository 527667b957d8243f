import assert from "node:assert/strict";
import { test } from "node:test";
import { keyWarnings } from "./keys-rules.ts";

const now = new Date("2025-06-01T12:00:00Z");
const inDays = (days: number) => new Date(now.getTime() + days * 86_400_000);

test("keyWarnings flags revoked, expired and soon-expiring keys, and nothing else", () => {
  const codes = (key: { revoked: boolean; expiresAt: Date | null }) =>
    keyWarnings(key, now).map((w) => w.code);
  assert.deepEqual(codes({ revoked: false, expiresAt: null }), []);
  assert.deepEqual(codes({ revoked: false, expiresAt: inDays(31) }), []);
  assert.deepEqual(codes({ revoked: false, expiresAt: inDays(30) }), ["expiring-soon"]);
  assert.deepEqual(codes({ revoked: false, expiresAt: inDays(0.5) }), ["expiring-soon"]);
  assert.deepEqual(codes({ revoked: false, expiresAt: now }), ["expired"]);
  assert.deepEqual(codes({ revoked: false, expiresAt: inDays(-3) }), ["expired"]);
  assert.deepEqual(codes({ revoked: true, expiresAt: inDays(-3) }), ["revoked"]);
  assert.match(
    keyWarnings({ revoked: false, expiresAt: inDays(10) }, now)[0]?.message ?? "",
    /2025-06-11, in 10 day/,
  );
});
