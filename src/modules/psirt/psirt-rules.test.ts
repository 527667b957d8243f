import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { assertEmbargoAllows, dueReminder, formatInZone, parseEmbargo } from "./embargo-rules.ts";
import {
  assertManualTransition,
  assertPsirtTransition,
  psirtStatuses,
  psirtTransitions,
} from "./psirt-rules.ts";
import { compareVersions, versionMatches } from "./version-ranges.ts";

describe("vulnerability case lifecycle", () => {
  test("the transition table, exhaustively", () => {
    const allowed = new Set(
      Object.entries(psirtTransitions).flatMap(([from, tos]) => tos.map((to) => `${from}>${to}`)),
    );
    assert.deepEqual([...allowed].sort(), [
      "confirmed>disclosed",
      "confirmed>fix_in_progress",
      "confirmed>rejected",
      "fix_in_progress>disclosed",
      "received>rejected",
      "received>validating",
      "rejected>validating",
      "validating>confirmed",
      "validating>rejected",
    ]);
    for (const from of psirtStatuses) {
      for (const to of psirtStatuses) {
        if (allowed.has(`${from}>${to}`))
          assert.doesNotThrow(() => assertPsirtTransition(from, to));
        else assert.throws(() => assertPsirtTransition(from, to), { code: "INVALID_TRANSITION" });
      }
    }
  });

  test("disclosure is reached only by publishing", () => {
    assert.throws(() => assertManualTransition("fix_in_progress", "disclosed"), {
      code: "INVALID_TRANSITION",
      message: /publishing/,
    });
    assert.doesNotThrow(() => assertManualTransition("confirmed", "fix_in_progress"));
  });
});

describe("embargo", () => {
  test("a wall time is read in its zone and stored as UTC; each party sees its own zone", () => {
    const { until, zone } = parseEmbargo("2030-05-01T09:00", "Europe/Berlin");
    assert.equal(until.toISOString(), "2030-05-01T07:00:00.000Z");
    assert.equal(zone, "Europe/Berlin");
    assert.equal(
      formatInZone(until, "America/New_York"),
      "2030-05-01T03:00:00-04:00[America/New_York]",
    );
    assert.equal(formatInZone(until, "Asia/Tokyo"), "2030-05-01T16:00:00+09:00[Asia/Tokyo]");
    assert.equal(
      parseEmbargo("2030-05-01T09:00:00Z", "Asia/Tokyo").until.toISOString(),
      "2030-05-01T09:00:00.000Z",
    );
  });

  test("unknown zones and non-existent wall times are refused", () => {
    assert.throws(() => parseEmbargo("2030-05-01T09:00", "Mars/Olympus"), {
      code: "INVALID_TIME_ZONE",
    });
    // Clocks go from 02:00 to 03:00 in Berlin on 2030-03-31.
    assert.throws(() => parseEmbargo("2030-03-31T02:30", "Europe/Berlin"), {
      code: "VALIDATION_FAILED",
    });
    assert.throws(() => parseEmbargo("next tuesday", "UTC"), { code: "VALIDATION_FAILED" });
  });

  const embargo = { until: new Date("2030-05-01T07:00:00Z"), zone: "Europe/Berlin" };
  const before = new Date("2030-04-30T00:00:00Z");
  const after = new Date("2030-05-01T07:00:00Z");
  const parties = ["vendor@example.org", "cert@example.net"];

  test("before the date: publishing refused, export/mail only to parties", () => {
    assert.throws(
      () => assertEmbargoAllows(embargo, { action: "publish", partyEmails: parties }, before),
      {
        code: "EMBARGO_ACTIVE",
      },
    );
    assert.throws(
      () =>
        assertEmbargoAllows(
          embargo,
          {
            action: "mail",
            recipients: ["vendor@example.org", "press@example.com"],
            partyEmails: parties,
          },
          before,
        ),
      (err: { code: string; details: { nonParties: string[] } }) =>
        err.code === "EMBARGO_ACTIVE" && err.details.nonParties[0] === "press@example.com",
    );
    assert.doesNotThrow(() =>
      assertEmbargoAllows(
        embargo,
        { action: "export", recipients: ["Vendor@Example.org"], partyEmails: parties },
        before,
      ),
    );
  });

  test("from the date on, everything is allowed; no embargo allows everything", () => {
    assert.doesNotThrow(() =>
      assertEmbargoAllows(embargo, { action: "publish", partyEmails: [] }, after),
    );
    assert.doesNotThrow(() =>
      assertEmbargoAllows(
        embargo,
        { action: "mail", recipients: ["x@y.z"], partyEmails: [] },
        after,
      ),
    );
    assert.doesNotThrow(() =>
      assertEmbargoAllows(
        { until: null, zone: null },
        { action: "publish", partyEmails: [] },
        before,
      ),
    );
  });

  test("reminders: 7 days, 1 day, 1 hour before, each once, none after", () => {
    const until = embargo.until;
    const at = (hoursBefore: number) => new Date(until.getTime() - hoursBefore * 3_600_000);
    assert.equal(dueReminder(until, [], at(24 * 8)), null);
    assert.equal(dueReminder(until, [], at(24 * 6)), "7d");
    assert.equal(dueReminder(until, ["7d"], at(24 * 6)), null);
    assert.equal(dueReminder(until, ["7d"], at(20)), "1d");
    assert.equal(dueReminder(until, [], at(20)), "1d", "a late embargo skips missed reminders");
    assert.equal(dueReminder(until, ["7d", "1d"], at(0.5)), "1h");
    assert.equal(dueReminder(until, [], at(-1)), null);
  });
});

describe("version ranges", () => {
  test("numeric ordering and CVE-style ranges", () => {
    assert.ok(compareVersions("1.10", "1.9") > 0);
    assert.ok(compareVersions("1.2", "1.2.1") < 0);
    assert.equal(compareVersions("2.0", "2.0"), 0);
    const r = { version: "2.0", lessThan: "2.4.1", status: "affected" as const };
    assert.equal(versionMatches("2.3.9", r), true);
    assert.equal(versionMatches("2.4.1", r), false);
    assert.equal(versionMatches("1.9", r), false);
    assert.equal(
      versionMatches("5.1", { version: "0", lessThanOrEqual: "5.1", status: "affected" }),
      true,
    );
  });

  test("property: compareVersions is antisymmetric and reflexive", () => {
    const version = fc
      .array(fc.oneof(fc.nat(30).map(String), fc.constantFrom("rc1", "beta")), {
        minLength: 1,
        maxLength: 4,
      })
      .map((p) => p.join("."));
    fc.assert(
      fc.property(version, version, (a, b) => {
        assert.equal(Math.sign(compareVersions(a, b)) + Math.sign(compareVersions(b, a)), 0);
        assert.equal(compareVersions(a, a), 0);
      }),
    );
  });
});
