import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { assertVersion } from "../../platform/db/versioned.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { type IncidentView, toIncidentView } from "./incident-view.ts";
import { incidents } from "./incidents.tables.ts";
import { assertTransition, type IncidentStatus, lifecycleStamps } from "./incidents-rules.ts";
import { loadVisibleIncident } from "./load-visible-incident.ts";

/** Moves an incident along its lifecycle; the table in incidents-rules decides what is allowed. */
export async function transitionIncident(
  db: Db,
  input: {
    actor: Actor;
    id: string;
    to: IncidentStatus;
    expectedVersion: number;
    reason?: string | undefined;
  },
): Promise<IncidentView> {
  assertCan(input.actor, "incidents:write");
  return auditedTransaction(db, async (tx) => {
    const before = await loadVisibleIncident(tx, input.actor, input.id, { forUpdate: true });
    assertVersion(before.version, input.expectedVersion, `Incident ${before.ref}`);
    const from = before.status as IncidentStatus;
    assertTransition(from, input.to);
    const now = new Date();
    const [row] = await tx
      .update(incidents)
      .set({
        status: input.to,
        ...lifecycleStamps(input.to, now),
        version: sql`${incidents.version} + 1`,
        updatedAt: now,
      })
      .where(eq(incidents.id, before.id))
      .returning();
    if (!row) throw new Error("update returned no row");
    await recordCaseChanges(tx, input.actor, [
      {
        subject: { tenantId: row.tenantId, incidentId: row.id },
        entityType: "incident",
        entityId: row.id,
        event: {
          type: "incident.status_changed",
          data: { from, to: input.to, ...(input.reason ? { reason: input.reason } : {}) },
        },
      },
    ]);
    return toIncidentView(row);
  });
}
