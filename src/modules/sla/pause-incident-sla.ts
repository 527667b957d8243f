import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { loadVisibleIncident } from "../incidents/load-visible-incident.ts";
import { incidentSla } from "./incident-sla.ts";
import { slaPauses } from "./sla.tables.ts";
import { type SlaView, toSlaView } from "./sla-view.ts";

/**
 * Stops the SLA clocks while the team waits on the reporter. The lifecycle
 * status is untouched: waiting is a flag beside it, recorded on the timeline.
 */
export async function pauseIncidentSla(
  db: Db,
  input: { actor: Actor; id: string; reason?: string | undefined },
): Promise<SlaView> {
  assertCan(input.actor, "incidents:write");
  const row = await auditedTransaction(db, async (tx) => {
    const incident = await loadVisibleIncident(tx, input.actor, input.id, { forUpdate: true });
    if (incident.status === "resolved" || incident.status === "closed") {
      throw new DomainError(
        "INVALID_TRANSITION",
        `Incident ${incident.ref} is ${incident.status}; its SLA clocks have stopped already.`,
      );
    }
    const [open] = await tx
      .select()
      .from(slaPauses)
      .where(and(eq(slaPauses.incidentId, incident.id), isNull(slaPauses.endedAt)));
    if (open) {
      throw new DomainError(
        "SLA_ALREADY_PAUSED",
        `Incident ${incident.ref} has been waiting since ${open.startedAt.toISOString()}.`,
      );
    }
    const reason = input.reason ?? "";
    await tx.insert(slaPauses).values({ incidentId: incident.id, reason });
    await recordCaseChanges(tx, input.actor, [
      {
        subject: { tenantId: incident.tenantId, incidentId: incident.id },
        entityType: "incident",
        entityId: incident.id,
        event: { type: "incident.sla_paused", data: { reason } },
      },
    ]);
    return incident;
  });
  return toSlaView((await incidentSla(db, row)) ?? { waiting: true, clocks: {} });
}

/** Restarts the SLA clocks; the deadlines move by the business time spent waiting. */
export async function resumeIncidentSla(
  db: Db,
  input: { actor: Actor; id: string },
): Promise<SlaView> {
  assertCan(input.actor, "incidents:write");
  const row = await auditedTransaction(db, async (tx) => {
    const incident = await loadVisibleIncident(tx, input.actor, input.id, { forUpdate: true });
    const [ended] = await tx
      .update(slaPauses)
      .set({ endedAt: new Date() })
      .where(and(eq(slaPauses.incidentId, incident.id), isNull(slaPauses.endedAt)))
      .returning();
    if (!ended?.endedAt) {
      throw new DomainError("SLA_NOT_PAUSED", `Incident ${incident.ref} is not waiting.`);
    }
    await recordCaseChanges(tx, input.actor, [
      {
        subject: { tenantId: incident.tenantId, incidentId: incident.id },
        entityType: "incident",
        entityId: incident.id,
        event: {
          type: "incident.sla_resumed",
          data: { pausedAt: ended.startedAt.toISOString(), resumedAt: ended.endedAt.toISOString() },
        },
      },
    ]);
    return incident;
  });
  return toSlaView((await incidentSla(db, row)) ?? { waiting: false, clocks: {} });
}
