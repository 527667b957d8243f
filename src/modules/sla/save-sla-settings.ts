import { eq, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { severities } from "../incidents/incidents-rules.ts";
import { resolveConfigTenant } from "./config-tenant.ts";
import { slaCalendars, slaPolicies } from "./sla.tables.ts";
import { type BusinessCalendar, calendarProblems, type SlaPolicy } from "./sla-rules.ts";
import { loadTenantSlaSettings, type SlaSettings } from "./sla-settings.ts";

/** The SLA policy and calendar in force for a tenant (or the team default). */
export async function getSlaSettings(
  db: Db,
  input: { actor: Actor; tenant?: string | undefined },
): Promise<SlaSettings> {
  assertCan(input.actor, "cases:read");
  return loadTenantSlaSettings(db, await resolveConfigTenant(db, input.actor, input.tenant));
}

/** Replaces a tenant's (or the team default) targets for every severity; admins only. */
export async function saveSlaPolicy(
  db: Db,
  input: { actor: Actor; tenant?: string | undefined; policy: SlaPolicy },
): Promise<SlaSettings> {
  assertCan(input.actor, "tenants:manage");
  return auditedTransaction(db, async (tx) => {
    const tenantId = await resolveConfigTenant(tx, input.actor, input.tenant);
    await tx
      .delete(slaPolicies)
      .where(tenantId ? eq(slaPolicies.tenantId, tenantId) : isNull(slaPolicies.tenantId));
    await tx.insert(slaPolicies).values(
      severities.map((severity) => ({
        tenantId,
        severity,
        acknowledgeMinutes: input.policy[severity].acknowledge,
        triageMinutes: input.policy[severity].triage,
        containMinutes: input.policy[severity].contain,
        resolveMinutes: input.policy[severity].resolve,
      })),
    );
    await appendAuditRecord(tx, input.actor, {
      action: "sla.policy_saved",
      entityType: "sla_policy",
      entityId: tenantId ?? "default",
      tenantId,
      data: input.policy,
    });
    return loadTenantSlaSettings(tx, tenantId);
  });
}

/** Replaces a tenant's (or the team default) business calendar; admins only. */
export async function saveSlaCalendar(
  db: Db,
  input: { actor: Actor; tenant?: string | undefined; calendar: BusinessCalendar },
): Promise<SlaSettings> {
  assertCan(input.actor, "tenants:manage");
  const problems = calendarProblems(input.calendar);
  if (problems.length > 0) {
    throw new DomainError("VALIDATION_FAILED", `Invalid calendar: ${problems.join("; ")}.`, {
      problems,
    });
  }
  const holidays = [...new Set(input.calendar.holidays)].sort();
  return auditedTransaction(db, async (tx) => {
    const tenantId = await resolveConfigTenant(tx, input.actor, input.tenant);
    await tx
      .delete(slaCalendars)
      .where(tenantId ? eq(slaCalendars.tenantId, tenantId) : isNull(slaCalendars.tenantId));
    await tx.insert(slaCalendars).values({
      tenantId,
      timeZone: input.calendar.timeZone,
      weeklyHours: input.calendar.weeklyHours,
      holidays,
    });
    await appendAuditRecord(tx, input.actor, {
      action: "sla.calendar_saved",
      entityType: "sla_calendar",
      entityId: tenantId ?? "default",
      tenantId,
      data: { ...input.calendar, holidays },
    });
    return loadTenantSlaSettings(tx, tenantId);
  });
}
