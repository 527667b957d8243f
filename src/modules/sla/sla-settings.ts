import { inArray, isNull, or } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { Severity } from "../incidents/incidents-rules.ts";
import { slaCalendars, slaPolicies } from "./sla.tables.ts";
import type { BusinessCalendar, SlaPolicy, SlaTargets, WeeklyHours } from "./sla-rules.ts";

export interface SlaSettings {
  /** Null when the tenant uses the team default. */
  policyTenantId: string | null;
  calendarTenantId: string | null;
  policy: SlaPolicy;
  calendar: BusinessCalendar;
}

const targetsOf = (p: typeof slaPolicies.$inferSelect): SlaTargets => ({
  acknowledge: p.acknowledgeMinutes,
  triage: p.triageMinutes,
  contain: p.containMinutes,
  resolve: p.resolveMinutes,
});

/**
 * The SLA policy and calendar in force for each tenant: its own when it has
 * one, else the team default (tenant null), keyed by tenant id ("" = default).
 */
export async function loadSlaSettings(
  db: Db,
  tenantIds: readonly (string | null)[],
): Promise<Map<string, SlaSettings>> {
  const ids = [...new Set(tenantIds.filter((t): t is string => t !== null))];
  const tenantFilter = (column: typeof slaPolicies.tenantId | typeof slaCalendars.tenantId) =>
    ids.length > 0 ? or(isNull(column), inArray(column, ids)) : isNull(column);
  const [policies, calendars] = await Promise.all([
    db.select().from(slaPolicies).where(tenantFilter(slaPolicies.tenantId)),
    db.select().from(slaCalendars).where(tenantFilter(slaCalendars.tenantId)),
  ]);
  const policyOf = (tenantId: string | null) => {
    const own = policies.filter((p) => p.tenantId === tenantId);
    return own.length > 0 ? own : null;
  };
  const out = new Map<string, SlaSettings>();
  for (const tenantId of [null, ...ids]) {
    const ownPolicy = policyOf(tenantId);
    const rows = ownPolicy ?? policyOf(null) ?? [];
    const ownCalendar = calendars.find((c) => c.tenantId === tenantId);
    const calendar = ownCalendar ?? calendars.find((c) => c.tenantId === null);
    if (!calendar) throw new Error("the team default SLA calendar is missing (migration 0004)");
    out.set(tenantId ?? "", {
      policyTenantId: ownPolicy ? tenantId : null,
      calendarTenantId: ownCalendar ? tenantId : null,
      policy: Object.fromEntries(rows.map((p) => [p.severity, targetsOf(p)])) as Record<
        Severity,
        SlaTargets
      >,
      calendar: {
        timeZone: calendar.timeZone,
        weeklyHours: calendar.weeklyHours as WeeklyHours,
        holidays: calendar.holidays,
      },
    });
  }
  return out;
}

export async function loadTenantSlaSettings(db: Db, tenantId: string | null): Promise<SlaSettings> {
  const settings = (await loadSlaSettings(db, [tenantId])).get(tenantId ?? "");
  if (!settings) throw new Error("unreachable: settings for a requested tenant");
  return settings;
}
