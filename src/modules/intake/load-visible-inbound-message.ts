import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { type Actor, assertCan, isTeamMember } from "../identity/actor.ts";
import { loadVisibleIncident } from "../incidents/load-visible-incident.ts";
import { loadVisibleReport } from "../reports/load-visible-report.ts";
import { inboundMessages } from "./intake.tables.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An inbound message the actor may see: through its report or incident
 * (tenant and need-to-know follow the case), or, before it is filed
 * (received, quarantined, deleted), by team members of its tenant only.
 * Anything else is INBOUND_MESSAGE_NOT_FOUND, like a missing message.
 */
export async function loadVisibleInboundMessage(
  db: Db,
  actor: Actor,
  id: string,
): Promise<typeof inboundMessages.$inferSelect> {
  assertCan(actor, "cases:read");
  const notFound = new DomainError("INBOUND_MESSAGE_NOT_FOUND", `Message ${id} not found.`);
  if (!UUID.test(id)) throw notFound;
  const [row] = await db.select().from(inboundMessages).where(eq(inboundMessages.id, id));
  if (!row) throw notFound;
  try {
    if (row.reportId) await loadVisibleReport(db, actor, row.reportId);
    else if (row.incidentId) await loadVisibleIncident(db, actor, row.incidentId);
    else if (!canSeeUnfiled(actor, row.tenantId)) throw notFound;
  } catch (err) {
    if (err instanceof DomainError) throw notFound;
    throw err;
  }
  return row;
}

/** Quarantine and unfiled mail: team members, within their tenant if they are tenant-bound. */
export function canSeeUnfiled(actor: Actor, tenantId: string): boolean {
  return isTeamMember(actor) && (actor.tenantId === null || actor.tenantId === tenantId);
}
