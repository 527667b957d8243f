import assert from "node:assert/strict";
import { test } from "node:test";
import { isDomainError } from "../../platform/errors.ts";
import { assertTransition, incidentStatuses, incidentTransitions } from "./incidents-rules.ts";

test("the happy path new → triage → in_progress → resolved → closed is allowed", () => {
  const path = ["new", "triage", "in_progress", "resolved", "closed"] as const;
  for (let i = 1; i < path.length; i++) {
    assert.doesNotThrow(() => assertTransition(path[i - 1] as never, path[i] as never));
  }
});

test("every status can reach closed and no status loops onto itself", () => {
  for (const from of incidentStatuses) {
    assert.ok(!incidentTransitions[from].includes(from), from);
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length) {
      const s = queue.shift() as (typeof incidentStatuses)[number];
      for (const n of incidentTransitions[s]) {
        if (!seen.has(n)) {
          seen.add(n);
          queue.push(n);
        }
      }
    }
    assert.ok(seen.has("closed"), `${from} cannot reach closed`);
  }
});

test("a refused transition names what is allowed", () => {
  try {
    assertTransition("new", "resolved");
    assert.fail("should throw");
  } catch (err) {
    assert.ok(isDomainError(err));
    assert.equal(err.code, "INVALID_TRANSITION");
    assert.match(err.message, /triage or closed/);
  }
});
