import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { assertVersion } from "../../platform/db/versioned.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import type { Pap, Tlp } from "../marking/marking.ts";
import { assertRsit } from "../taxonomy/rsit.ts";
import { diffFields } from "../timeline/timeline-events.ts";
import { assertLead } from "./assert-lead.ts";
import { type IncidentView, toIncidentView } from "./incident-view.ts";
import { incidentMembers, incidents } from "./incidents.tables.ts";
import type { Priority, Severity } from "./incidents-rules.ts";
import { loadVisibleIncident } from "./load-visible-incident.ts";

export interface IncidentPatch {
  title?: string | undefined;
  description?: string | undefined;
  severity?: Severity | undefined;
  priority?: Priority | null | undefined;
  rsitClass?: string | null | undefined;
  rsitType?: string | null | undefined;
  tlp?: Tlp | undefined;
  pap?: Pap | undefined;
  leadId?: string | null | undefined;
  restricted?: boolean | undefined;
}

/** Edits fields (not status: see transitionIncident) under optimistic concurrency. */
export async function updateIncident(
  db: Db,
  input: { actor: Actor; id: string; expectedVersion: number; patch: IncidentPatch },
): Promise<IncidentView> {
  const { actor, patch } = input;
  assertCan(actor, "incidents:write");
  return auditedTransaction(db, async (tx) => {
    const before = await loadVisibleIncident(tx, actor, input.id, { forUpdate: true });
    assertVersion(before.version, input.expectedVersion, `Incident ${before.ref}`);
    const rsitClass = patch.rsitClass !== undefined ? patch.rsitClass : before.rsitClass;
    const rsitType =
      patch.rsitType !== undefined
        ? patch.rsitType
        : patch.rsitClass !== undefined && patch.rsitClass !== before.rsitClass
          ? null
          : before.rsitType;
    assertRsit(rsitClass, rsitType);
    if (patch.leadId) await assertLead(tx, patch.leadId, before.tenantId);
    const next = { ...patch, rsitClass, rsitType };
    const changes = diffFields(before, next);
    if (Object.keys(changes).length === 0) return toIncidentView(before);
    const [row] = await tx
      .update(incidents)
      .set({ ...next, version: sql`${incidents.version} + 1`, updatedAt: new Date() })
      .where(eq(incidents.id, before.id))
      .returning();
    if (!row) throw new Error("update returned no row");
    // Restricting an incident must never lock its own editor or lead out.
    if (row.restricted) {
      for (const userId of [actor.userId, row.leadId]) {
        if (userId) {
          await tx
            .insert(incidentMembers)
            .values({ incidentId: row.id, userId })
            .onConflictDoNothing();
        }
      }
    }
    await recordCaseChanges(tx, actor, [
      {
        subject: { tenantId: row.tenantId, incidentId: row.id },
        entityType: "incident",
        entityId: row.id,
        event: { type: "incident.updated", data: { changes } },
      },
    ]);
    return toIncidentView(row);
  });
}
