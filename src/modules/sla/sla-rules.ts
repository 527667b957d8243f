import { Temporal } from "temporal-polyfill";
import type { Severity } from "../incidents/incidents-rules.ts";

/** ISO weekdays in Temporal's order (dayOfWeek 1 = Monday). */
export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];

/** Opening hours as local "HH:MM" pairs; "24:00" closes at the next midnight. */
export type WeeklyHours = Record<Weekday, [string, string][]>;

/**
 * When the team works: an IANA time zone, weekly hours and public holidays
 * (local dates). Local times become instants through Temporal, so DST days
 * have their real length (23 h or 25 h for a 24/7 calendar).
 */
export interface BusinessCalendar {
  timeZone: string;
  weeklyHours: WeeklyHours;
  holidays: string[];
}

/** A paused span of the clocks (waiting on the reporter); `end` null while it lasts. */
export interface Pause {
  start: Date;
  end: Date | null;
}

const day = (hours: [string, string][]): WeeklyHours =>
  Object.fromEntries(weekdays.map((d) => [d, hours])) as WeeklyHours;

/** The corporate profile: Monday to Friday, 09:00–18:00. */
export const corporateHours: WeeklyHours = {
  ...day([["09:00", "18:00"]]),
  sat: [],
  sun: [],
};

/** The MSSP profile: always open. */
export const alwaysOpen: WeeklyHours = day([["00:00", "24:00"]]);

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

function minutesOf(hhmm: string): number {
  if (!HHMM.test(hhmm)) throw new RangeError(`Invalid time ${hhmm}; use HH:MM (24:00 allowed).`);
  const [h, m] = hhmm.split(":").map(Number) as [number, number];
  return h * 60 + m;
}

/** Problems with a calendar, empty when it is usable. */
export function calendarProblems(calendar: BusinessCalendar): string[] {
  const problems: string[] = [];
  try {
    Temporal.Now.instant().toZonedDateTimeISO(calendar.timeZone);
  } catch {
    problems.push(`unknown time zone ${calendar.timeZone}`);
  }
  let open = 0;
  for (const d of weekdays) {
    for (const [from, to] of calendar.weeklyHours[d] ?? []) {
      if (!HHMM.test(from) || !HHMM.test(to)) problems.push(`${d}: invalid time ${from}–${to}`);
      else if (minutesOf(from) >= minutesOf(to)) problems.push(`${d}: ${from} is not before ${to}`);
      else open++;
    }
  }
  if (open === 0) problems.push("the calendar is never open");
  for (const h of calendar.holidays) {
    try {
      Temporal.PlainDate.from(h);
    } catch {
      problems.push(`invalid holiday ${h}`);
    }
  }
  return problems;
}

function instantAt(date: Temporal.PlainDate, minutes: number, timeZone: string): number {
  const d = minutes >= 1440 ? date.add({ days: 1 }) : date;
  const m = minutes % 1440;
  // "compatible": an opening time inside a spring-forward gap moves past the gap.
  return d.toZonedDateTime({
    timeZone,
    plainTime: new Temporal.PlainTime(Math.floor(m / 60), m % 60),
  }).epochMilliseconds;
}

/** Ten years without an open minute means the calendar is broken, not that work waits. */
const MAX_DAYS = 3660;

/** Open business intervals [start, end) in epoch ms, from `fromMs` onwards. */
function* openIntervals(calendar: BusinessCalendar, fromMs: number): Generator<[number, number]> {
  const holidays = new Set(calendar.holidays);
  let date = Temporal.Instant.fromEpochMilliseconds(fromMs)
    .toZonedDateTimeISO(calendar.timeZone)
    .toPlainDate();
  for (let i = 0; i < MAX_DAYS; i++, date = date.add({ days: 1 })) {
    if (holidays.has(date.toString())) continue;
    const hours = calendar.weeklyHours[weekdays[date.dayOfWeek - 1] as Weekday] ?? [];
    for (const [from, to] of hours) {
      const end = instantAt(date, minutesOf(to), calendar.timeZone);
      if (end <= fromMs) continue;
      yield [Math.max(instantAt(date, minutesOf(from), calendar.timeZone), fromMs), end];
    }
  }
  throw new RangeError("The business calendar has no open time in ten years.");
}

/** The parts of [start, end) outside every pause. */
function withoutPauses(
  start: number,
  end: number,
  pauses: readonly [number, number][],
): [number, number][] {
  let pieces: [number, number][] = [[start, end]];
  for (const [ps, pe] of pauses) {
    if (pe <= start || ps >= end) continue;
    pieces = pieces.flatMap(([a, b]): [number, number][] => {
      if (pe <= a || ps >= b) return [[a, b]];
      const out: [number, number][] = [];
      if (ps > a) out.push([a, ps]);
      if (pe < b) out.push([pe, b]);
      return out;
    });
  }
  return pieces;
}

const pauseSpans = (pauses: readonly Pause[], openEnd: number): [number, number][] =>
  pauses
    .map((p): [number, number] => [p.start.getTime(), p.end?.getTime() ?? openEnd])
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);

/**
 * The instant when `durationMs` of business time has elapsed after `start`,
 * skipping closed hours, holidays and pauses (an open pause lasts forever
 * here; callers end it at "now").
 */
export function addBusinessDuration(
  start: Date,
  durationMs: number,
  calendar: BusinessCalendar,
  pauses: readonly Pause[] = [],
): Date {
  const spans = pauseSpans(pauses, Number.POSITIVE_INFINITY);
  let remaining = durationMs;
  for (const [s, e] of openIntervals(calendar, start.getTime())) {
    for (const [a, b] of withoutPauses(s, e, spans)) {
      if (remaining <= b - a) return new Date(a + remaining);
      remaining -= b - a;
    }
  }
  throw new RangeError("unreachable");
}

/** Business time (ms) between two instants, minus pauses; 0 when `b` is not after `a`. */
export function businessTimeBetween(
  a: Date,
  b: Date,
  calendar: BusinessCalendar,
  pauses: readonly Pause[] = [],
): number {
  const to = b.getTime();
  if (to <= a.getTime()) return 0;
  const spans = pauseSpans(pauses, to);
  let total = 0;
  for (const [s, e] of openIntervals(calendar, a.getTime())) {
    if (s >= to) break;
    for (const [x, y] of withoutPauses(s, Math.min(e, to), spans)) total += y - x;
  }
  return total;
}

export const slaClocks = ["acknowledge", "triage", "contain", "resolve"] as const;
export type SlaClock = (typeof slaClocks)[number];

/** Targets in business minutes for one severity. */
export type SlaTargets = Record<SlaClock, number>;
export type SlaPolicy = Record<Severity, SlaTargets>;

export interface ClockState {
  targetMinutes: number;
  due: string;
  breached: boolean;
  completedAt: string | null;
}

export interface SlaState {
  waiting: boolean;
  clocks: Partial<Record<SlaClock, ClockState>>;
}

/**
 * Due and breach per clock. A clock runs in business time from `startedAt`
 * until its milestone; pauses stop it. While a pause lasts, `due` is where the
 * deadline would fall if work resumed now, so it moves with the wait.
 */
export function computeSla(input: {
  startedAt: Date;
  targets: Partial<SlaTargets>;
  calendar: BusinessCalendar;
  pauses: readonly Pause[];
  completed: Partial<Record<SlaClock, Date | null>>;
  now: Date;
}): SlaState {
  const clocks: Partial<Record<SlaClock, ClockState>> = {};
  for (const clock of slaClocks) {
    const minutes = input.targets[clock];
    if (minutes === undefined) continue;
    const completedAt = input.completed[clock] ?? null;
    const stop = completedAt ?? input.now;
    const pauses = input.pauses
      .filter((p) => p.start < stop)
      .map((p) => ({ start: p.start, end: p.end && p.end < stop ? p.end : stop }));
    const due = addBusinessDuration(input.startedAt, minutes * 60_000, input.calendar, pauses);
    clocks[clock] = {
      targetMinutes: minutes,
      due: due.toISOString(),
      breached: stop.getTime() > due.getTime(),
      completedAt: completedAt?.toISOString() ?? null,
    };
  }
  return { waiting: input.pauses.some((p) => p.end === null), clocks };
}

/** The earliest due time among clocks still running, for queue ordering and escalation. */
export function nextDue(
  state: SlaState,
): { clock: SlaClock; due: string; breached: boolean } | null {
  let best: { clock: SlaClock; due: string; breached: boolean } | null = null;
  for (const clock of slaClocks) {
    const c = state.clocks[clock];
    if (!c || c.completedAt) continue;
    if (!best || c.due < best.due) best = { clock, due: c.due, breached: c.breached };
  }
  return best;
}

/** How long before a deadline the lead is warned: a quarter of the target, between 5 and 60 minutes. */
export function warnBeforeMs(targetMinutes: number): number {
  return Math.min(60, Math.max(5, targetMinutes / 4)) * 60_000;
}

export interface Escalation {
  clock: SlaClock;
  kind: "warning" | "breached";
  due: string;
}

/** Clocks still running that are close to their deadline or past it; nothing while waiting. */
export function escalationsDue(state: SlaState, now: Date): Escalation[] {
  if (state.waiting) return [];
  const out: Escalation[] = [];
  for (const clock of slaClocks) {
    const c = state.clocks[clock];
    if (!c || c.completedAt) continue;
    const left = Date.parse(c.due) - now.getTime();
    if (c.breached) out.push({ clock, kind: "breached", due: c.due });
    else if (left <= warnBeforeMs(c.targetMinutes))
      out.push({ clock, kind: "warning", due: c.due });
  }
  return out;
}
