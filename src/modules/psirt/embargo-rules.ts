import { Temporal } from "temporal-polyfill";
import { DomainError } from "../../platform/errors.ts";

/** What a use case is about to do with case information before the disclosure date. */
export type EmbargoAction = "publish" | "export" | "mail";

export interface Embargo {
  until: Date | null;
  zone: string | null;
}

/** Whether `zone` is an IANA time zone name (`Europe/Berlin`, `UTC`). */
export function isTimeZone(zone: string): boolean {
  try {
    Temporal.Now.instant().toZonedDateTimeISO(zone);
    return zone.length <= 64;
  } catch {
    return false;
  }
}

export function assertTimeZone(zone: string): void {
  if (!isTimeZone(zone)) {
    throw new DomainError("INVALID_TIME_ZONE", `Unknown IANA time zone "${zone}".`);
  }
}

/**
 * Reads a disclosure date-time with an explicit zone: `2030-05-01T09:00` is wall
 * time in `zone`; a string with an offset (`…+02:00`, `…Z`) is that instant, and
 * `zone` then only says in which zone the team thinks of it. A wall time that
 * does not exist (spring-forward gap) is refused rather than silently shifted.
 */
export function parseEmbargo(at: string, zone: string): { until: Date; zone: string } {
  assertTimeZone(zone);
  try {
    const hasOffset = /(?:[zZ]|[+-]\d{2}:?\d{2})$/.test(at.trim());
    const instant = hasOffset
      ? Temporal.Instant.from(at.trim())
      : Temporal.PlainDateTime.from(at.trim())
          .toZonedDateTime(zone, { disambiguation: "reject" })
          .toInstant();
    return { until: new Date(instant.epochMilliseconds), zone };
  } catch {
    throw new DomainError(
      "VALIDATION_FAILED",
      `"${at}" is not a date-time that exists in ${zone} (use YYYY-MM-DDTHH:MM[:SS][±HH:MM]).`,
    );
  }
}

/** An instant in one zone, ISO 8601 with offset and zone: `2030-05-01T09:00:00+02:00[Europe/Berlin]`. */
export function formatInZone(at: Date, zone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(at.getTime())
    .toZonedDateTimeISO(zone)
    .toString({ smallestUnit: "second" });
}

export function embargoActive(embargo: Embargo, now: Date): boolean {
  return embargo.until !== null && now.getTime() < embargo.until.getTime();
}

/**
 * The embargo rule, as TLP is for incidents: before the disclosure date nothing
 * is published, and exports and mail go only to the coordinated parties.
 * Recipients are compared case-insensitively by address.
 */
export function assertEmbargoAllows(
  embargo: Embargo,
  request: {
    action: EmbargoAction;
    recipients?: readonly string[];
    partyEmails: readonly string[];
  },
  now: Date,
): void {
  if (!embargoActive(embargo, now) || !embargo.until) return;
  const until = formatInZone(embargo.until, embargo.zone ?? "UTC");
  if (request.action === "publish") {
    throw new DomainError(
      "EMBARGO_ACTIVE",
      `Nothing is published before the embargo ends (${until}).`,
      {
        until: embargo.until.toISOString(),
      },
    );
  }
  const parties = new Set(request.partyEmails.map((e) => e.toLowerCase()));
  const outsiders = (request.recipients ?? []).filter((r) => !parties.has(r.toLowerCase()));
  if (outsiders.length > 0 || (request.recipients ?? []).length === 0) {
    throw new DomainError(
      "EMBARGO_ACTIVE",
      `Under embargo until ${until}: only coordinated parties may receive this case's information.`,
      { until: embargo.until.toISOString(), nonParties: outsiders },
    );
  }
}

/** Reminders before the disclosure date, most distant first: label and how long before. */
export const embargoReminders = [
  { label: "7d", beforeMs: 7 * 86_400_000 },
  { label: "1d", beforeMs: 86_400_000 },
  { label: "1h", beforeMs: 3_600_000 },
] as const;

/**
 * The reminder to send now, if any: the closest threshold already crossed and
 * not yet sent. A case whose embargo is set late skips the reminders it missed.
 */
export function dueReminder(
  until: Date,
  sent: readonly string[],
  now: Date,
): (typeof embargoReminders)[number]["label"] | null {
  const left = until.getTime() - now.getTime();
  if (left <= 0) return null;
  let due: (typeof embargoReminders)[number]["label"] | null = null;
  for (const r of embargoReminders) if (left <= r.beforeMs) due = r.label;
  return due && !sent.includes(due) ? due : null;
}
