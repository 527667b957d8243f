import { and, eq, isNull, or, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../identity/actor.ts";
import { incidentIdVisibleTo } from "../incidents/incident-visibility.ts";
import { reports } from "./reports.tables.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A report is visible in the actor's tenant scope, unless it is linked to an
 * incident the actor may not see (need-to-know follows the incident).
 */
export function reportVisibleTo(actor: Actor): SQL {
  const viaIncident = or(
    isNull(reports.incidentId),
    incidentIdVisibleTo(actor, sql`${reports.incidentId}`),
  ) as SQL;
  return actor.tenantId
    ? (and(eq(reports.tenantId, actor.tenantId), viaIncident) as SQL)
    : viaIncident;
}

/** Matches a report by UUID or reference number. */
export function reportKey(idOrRef: string): SQL | undefined {
  if (UUID.test(idOrRef)) return eq(reports.id, idOrRef);
  const ref = /^#?(\d{1,9})$/.exec(idOrRef.trim());
  return ref ? eq(reports.ref, Number(ref[1])) : undefined;
}
