import { and, eq, or, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../identity/actor.ts";
import { incidents } from "./incidents.tables.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which incidents an actor may see: their tenant (when bound to one) and, for
 * restricted (need-to-know) incidents, only when named on it. Applied inside
 * every query so lists, reads and correlation cannot disagree.
 */
export function incidentVisibleTo(actor: Actor): SQL {
  const member = actor.userId
    ? sql`EXISTS (SELECT 1 FROM incident_members m WHERE m.incident_id = ${incidents.id} AND m.user_id = ${actor.userId})`
    : sql`false`;
  const needToKnow = or(eq(incidents.restricted, false), member) as SQL;
  return actor.tenantId
    ? (and(eq(incidents.tenantId, actor.tenantId), needToKnow) as SQL)
    : needToKnow;
}

/** The same rule for an incident referenced by id from another table (reports). */
export function incidentIdVisibleTo(actor: Actor, incidentIdColumn: SQL | unknown): SQL {
  const member = actor.userId
    ? sql`EXISTS (SELECT 1 FROM incident_members m WHERE m.incident_id = vi.id AND m.user_id = ${actor.userId})`
    : sql`false`;
  const tenant = actor.tenantId ? sql` AND vi.tenant_id = ${actor.tenantId}` : sql``;
  return sql`EXISTS (SELECT 1 FROM incidents vi WHERE vi.id = ${incidentIdColumn}${tenant} AND (vi.restricted = false OR ${member}))`;
}

/** Matches an incident by UUID or by its reference number (`1042`, `#1042`). */
export function incidentKey(idOrRef: string): SQL | undefined {
  if (UUID.test(idOrRef)) return eq(incidents.id, idOrRef);
  const ref = /^#?(\d{1,9})$/.exec(idOrRef.trim());
  return ref ? eq(incidents.ref, Number(ref[1])) : undefined;
}
