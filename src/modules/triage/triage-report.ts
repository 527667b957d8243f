import type { Db } from "../../platform/db/client.ts";
import { loadTenantAssets } from "../assets/load-visible-asset.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { createIncident } from "../incidents/create-incident.ts";
import { loadVisibleReport } from "../reports/load-visible-report.ts";
import { assertRsit } from "../taxonomy/rsit.ts";
import { type TriageInput, type TriageResult, triageIncident } from "./triage-incident.ts";

/**
 * Triage from the report: decides on the report's incident, creating it first
 * (title, summary, TLP and PAP from the report, report linked) when the report
 * has none. Inputs are checked before an incident is created.
 */
export async function triageReport(
  db: Db,
  input: { actor: Actor; id: string; decision: TriageInput },
): Promise<TriageResult & { created: boolean }> {
  assertCan(input.actor, "incidents:write");
  const report = await loadVisibleReport(db, input.actor, input.id);
  let incidentId = report.incidentId;
  let created = false;
  if (!incidentId) {
    assertRsit(input.decision.rsitClass ?? null, input.decision.rsitType ?? null);
    await loadTenantAssets(db, report.tenantId, input.decision.assetIds ?? []);
    const incident = await createIncident(db, {
      actor: input.actor,
      title: report.subject,
      description: report.summary,
      tlp: report.tlp as never,
      pap: report.pap as never,
      tenant: report.tenantId,
      reportIds: [report.id],
    });
    incidentId = incident.id;
    created = true;
  }
  const result = await triageIncident(db, {
    actor: input.actor,
    id: incidentId,
    expectedVersion: null,
    decision: input.decision,
  });
  return { ...result, created };
}
