import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  addBusinessDuration,
  alwaysOpen,
  type BusinessCalendar,
  businessTimeBetween,
  calendarProblems,
  computeSla,
  corporateHours,
  nextDue,
} from "./sla-rules.ts";

const H = 3_600_000;
const M = 60_000;
const paris: BusinessCalendar = {
  timeZone: "Europe/Paris",
  weeklyHours: corporateHours,
  holidays: ["2025-05-01", "2025-12-25"],
};
const paris247: BusinessCalendar = { ...paris, weeklyHours: alwaysOpen, holidays: [] };
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe("addBusinessDuration (corporate, Europe/Paris)", () => {
  test("a report at 17:59 on a Friday: one minute left that day, the rest on Monday", () => {
    const friday1759 = at("2025-03-14T16:59:00Z"); // 17:59 CET
    assert.equal(iso(addBusinessDuration(friday1759, M, paris)), "2025-03-14T17:00:00.000Z");
    assert.equal(iso(addBusinessDuration(friday1759, H, paris)), "2025-03-17T08:59:00.000Z");
  });

  test("a report on Saturday starts counting at 09:00 on Monday", () => {
    assert.equal(
      iso(addBusinessDuration(at("2025-03-15T12:00:00Z"), 30 * M, paris)),
      "2025-03-17T08:30:00.000Z",
    );
  });

  test("across the spring-forward weekend (30 March 2025), Monday 10:00 is CEST", () => {
    const friday17 = at("2025-03-28T16:00:00Z"); // 17:00 CET (UTC+1)
    assert.equal(iso(addBusinessDuration(friday17, 2 * H, paris)), "2025-03-31T08:00:00.000Z");
  });

  test("across the fall-back weekend (26 October 2025), Monday 10:00 is CET", () => {
    const friday17 = at("2025-10-24T15:00:00Z"); // 17:00 CEST (UTC+2)
    assert.equal(iso(addBusinessDuration(friday17, 2 * H, paris)), "2025-10-27T09:00:00.000Z");
  });

  test("a public holiday (1 May, a Thursday) is skipped", () => {
    const wednesday17 = at("2025-04-30T15:00:00Z"); // 17:00 CEST
    assert.equal(iso(addBusinessDuration(wednesday17, 2 * H, paris)), "2025-05-02T08:00:00.000Z");
  });

  test("a nine-hour business day: 27 h from Monday 09:00 ends Wednesday 18:00", () => {
    assert.equal(
      iso(addBusinessDuration(at("2025-03-17T08:00:00Z"), 27 * H, paris)),
      "2025-03-19T17:00:00.000Z",
    );
  });

  test("a pause during business hours pushes the deadline by its business length", () => {
    const monday10 = at("2025-03-17T09:00:00Z");
    const pause = { start: at("2025-03-17T10:00:00Z"), end: at("2025-03-17T12:00:00Z") };
    assert.equal(
      iso(addBusinessDuration(monday10, 4 * H, paris, [pause])),
      "2025-03-17T15:00:00.000Z",
    );
    const weekendPause = { start: at("2025-03-14T17:30:00Z"), end: at("2025-03-17T07:00:00Z") };
    assert.equal(
      iso(addBusinessDuration(at("2025-03-14T16:00:00Z"), 2 * H, paris, [weekendPause])),
      "2025-03-17T09:00:00.000Z",
      "a pause while closed changes nothing",
    );
  });
});

describe("24/7 calendar (MSSP)", () => {
  test("a report at 17:59 on a Friday is due an hour later", () => {
    assert.equal(
      iso(addBusinessDuration(at("2025-03-14T16:59:00Z"), H, paris247)),
      "2025-03-14T17:59:00.000Z",
    );
  });

  test("DST days last 23 h and 25 h of business time", () => {
    assert.equal(
      businessTimeBetween(at("2025-03-29T23:00:00Z"), at("2025-03-30T22:00:00Z"), paris247),
      23 * H,
    );
    assert.equal(
      businessTimeBetween(at("2025-10-25T22:00:00Z"), at("2025-10-26T23:00:00Z"), paris247),
      25 * H,
    );
    assert.equal(
      iso(addBusinessDuration(at("2025-03-29T22:00:00Z"), 24 * H, paris247)),
      "2025-03-30T22:00:00.000Z",
      "24 h of real time, even across the change",
    );
  });
});

describe("businessTimeBetween", () => {
  test("Friday 17:00 to Monday 10:00 is two business hours", () => {
    assert.equal(
      businessTimeBetween(at("2025-03-14T16:00:00Z"), at("2025-03-17T09:00:00Z"), paris),
      2 * H,
    );
  });

  test("holidays, pauses and reversed bounds", () => {
    assert.equal(
      businessTimeBetween(at("2025-04-30T15:00:00Z"), at("2025-05-02T08:00:00Z"), paris),
      2 * H,
    );
    const pause = { start: at("2025-03-17T09:00:00Z"), end: null };
    assert.equal(
      businessTimeBetween(at("2025-03-17T08:00:00Z"), at("2025-03-17T12:00:00Z"), paris, [pause]),
      H,
      "an open pause lasts until the end of the span",
    );
    assert.equal(
      businessTimeBetween(at("2025-03-17T12:00:00Z"), at("2025-03-17T08:00:00Z"), paris),
      0,
    );
  });

  test("is the inverse of addBusinessDuration", () => {
    const start = at("2025-03-27T13:17:00Z");
    for (const minutes of [1, 59, 540, 541, 2000, 10_800]) {
      const due = addBusinessDuration(start, minutes * M, paris);
      assert.equal(businessTimeBetween(start, due, paris), minutes * M, `${minutes} min`);
    }
  });
});

describe("computeSla", () => {
  const targets = { acknowledge: 60, triage: 240, contain: 540, resolve: 1080 };
  const startedAt = at("2025-03-17T08:00:00Z"); // Monday 09:00 CET

  test("due, breach and completion per clock", () => {
    const state = computeSla({
      startedAt,
      targets,
      calendar: paris,
      pauses: [],
      completed: { acknowledge: at("2025-03-17T08:30:00Z") },
      now: at("2025-03-17T13:00:00Z"),
    });
    assert.equal(state.waiting, false);
    assert.deepEqual(state.clocks.acknowledge, {
      targetMinutes: 60,
      due: "2025-03-17T09:00:00.000Z",
      breached: false,
      completedAt: "2025-03-17T08:30:00.000Z",
    });
    assert.equal(state.clocks.triage?.due, "2025-03-17T12:00:00.000Z");
    assert.equal(state.clocks.triage?.breached, true);
    assert.equal(state.clocks.contain?.due, "2025-03-17T17:00:00.000Z");
    assert.equal(state.clocks.resolve?.due, "2025-03-18T17:00:00.000Z");
    assert.deepEqual(nextDue(state), {
      clock: "triage",
      due: "2025-03-17T12:00:00.000Z",
      breached: true,
    });
  });

  test("while waiting on the reporter, due moves with the wait and nothing breaches", () => {
    const pauses = [{ start: at("2025-03-17T08:30:00Z"), end: null }];
    const early = computeSla({
      startedAt,
      targets,
      calendar: paris,
      pauses,
      completed: {},
      now: at("2025-03-17T10:00:00Z"),
    });
    const later = computeSla({
      startedAt,
      targets,
      calendar: paris,
      pauses,
      completed: {},
      now: at("2025-03-17T15:00:00Z"),
    });
    assert.equal(early.waiting, true);
    assert.equal(early.clocks.acknowledge?.due, "2025-03-17T10:30:00.000Z");
    assert.equal(later.clocks.acknowledge?.due, "2025-03-17T15:30:00.000Z");
    assert.equal(later.clocks.acknowledge?.breached, false);
  });

  test("a pause after a milestone does not move that clock", () => {
    const state = computeSla({
      startedAt,
      targets,
      calendar: paris,
      pauses: [{ start: at("2025-03-17T08:45:00Z"), end: at("2025-03-17T10:45:00Z") }],
      completed: { acknowledge: at("2025-03-17T08:40:00Z") },
      now: at("2025-03-17T11:00:00Z"),
    });
    assert.equal(state.clocks.acknowledge?.due, "2025-03-17T09:00:00.000Z");
    assert.equal(state.clocks.triage?.due, "2025-03-17T14:00:00.000Z");
  });
});

describe("calendarProblems", () => {
  test("accepts the two profiles and names what is wrong", () => {
    assert.deepEqual(calendarProblems(paris), []);
    assert.deepEqual(calendarProblems(paris247), []);
    const broken = calendarProblems({
      timeZone: "Mars/Olympus",
      weeklyHours: { ...corporateHours, mon: [["18:00", "09:00"]] },
      holidays: ["2025-02-30"],
    });
    assert.equal(broken.length, 3, broken.join("; "));
    assert.ok(
      calendarProblems({
        timeZone: "UTC",
        weeklyHours: { ...corporateHours, mon: [], tue: [], wed: [], thu: [], fri: [] },
        holidays: [],
      }).includes("the calendar is never open"),
    );
  });
});
