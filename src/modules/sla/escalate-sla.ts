import { and, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { JobDefinition } from "../../platform/jobs/job-worker.ts";
import { incidents } from "../incidents/incidents.tables.ts";
import { notify } from "../notifications/notify.ts";
import { incidentsSla } from "./incident-sla.ts";
import { escalationsDue } from "./sla-rules.ts";

export const ESCALATE_SLA_JOB = "sla.escalate.v1";

/** Open incidents scanned per run. */
const BATCH = 5000;

/**
 * Warns each open incident's lead before an SLA clock breaches, and again when
 * it breaches: one notification per incident, clock and kind (dedupe key), so
 * reruns and several workers never notify twice. Returns how many were stored.
 */
export async function escalateSla(db: Db, now: Date = new Date()): Promise<number> {
  const rows = await db
    .select()
    .from(incidents)
    .where(
      and(inArray(incidents.status, ["new", "triage", "in_progress"]), isNotNull(incidents.leadId)),
    )
    .limit(BATCH);
  const states = await incidentsSla(db, rows, now);
  let stored = 0;
  for (const row of rows) {
    const state = states.get(row.id);
    if (!state || !row.leadId) continue;
    for (const e of escalationsDue(state, now)) {
      const message =
        e.kind === "breached"
          ? `Incident #${row.ref}: the ${e.clock} SLA was due ${e.due} and is breached.`
          : `Incident #${row.ref}: the ${e.clock} SLA is due ${e.due}.`;
      const created = await notify(db, {
        userId: row.leadId,
        tenantId: row.tenantId,
        incidentId: row.id,
        kind: `sla.${e.kind}`,
        message,
        data: { ref: row.ref, clock: e.clock, due: e.due, severity: row.severity },
        dedupeKey: `sla.${e.kind}:${row.id}:${e.clock}`,
      });
      if (created) stored++;
    }
  }
  return stored;
}

/** The worker's every-minute SLA escalation run. */
export function escalateSlaJob(db: Db): JobDefinition<Record<string, never>> {
  return {
    name: ESCALATE_SLA_JOB,
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    async run() {
      await escalateSla(db);
    },
  };
}
