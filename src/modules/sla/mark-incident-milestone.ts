import type { Db } from "../../platform/db/client.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { loadVisibleIncident } from "../incidents/load-visible-incident.ts";
import { incidentSla } from "./incident-sla.ts";
import { incidentMilestones } from "./sla.tables.ts";
import { type SlaView, toSlaView } from "./sla-view.ts";

export type MilestoneKind = "acknowledged" | "contained";

/**
 * Records that an incident was acknowledged or contained, which completes the
 * matching SLA clock. Idempotent: the first mark counts, a repeat changes nothing.
 */
export async function markIncidentMilestone(
  db: Db,
  input: { actor: Actor; id: string; kind: MilestoneKind; note?: string | undefined },
): Promise<SlaView> {
  assertCan(input.actor, "incidents:write");
  const row = await auditedTransaction(db, async (tx) => {
    const incident = await loadVisibleIncident(tx, input.actor, input.id, { forUpdate: true });
    const inserted = await tx
      .insert(incidentMilestones)
      .values({ incidentId: incident.id, kind: input.kind, actorId: input.actor.userId })
      .onConflictDoNothing()
      .returning();
    if (inserted.length > 0) {
      await recordCaseChanges(tx, input.actor, [
        {
          subject: { tenantId: incident.tenantId, incidentId: incident.id },
          entityType: "incident",
          entityId: incident.id,
          event:
            input.kind === "contained"
              ? { type: "incident.contained", data: { note: input.note ?? "" } }
              : { type: "incident.acknowledged", data: {} },
        },
      ]);
    }
    return incident;
  });
  return toSlaView((await incidentSla(db, row)) ?? { waiting: false, clocks: {} });
}
