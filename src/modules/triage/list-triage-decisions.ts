import { asc, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { loadVisibleIncident } from "../incidents/load-visible-incident.ts";
import { triageDecisions } from "./triage.tables.ts";

export interface TriageDecisionView {
  id: string;
  validity: string;
  rsitClass: string | null;
  rsitType: string | null;
  impact: string;
  scope: string;
  matrixId: string;
  matrixVersion: number;
  assetIds: string[];
  businessImpact: string;
  assetCriticality: string;
  severity: string;
  priority: string;
  explanation: string[];
  rationale: string;
  decidedBy: string | null;
  decidedByLabel: string;
  decidedAt: string;
}

/** Every triage decision of an incident, oldest first; the last one is in force. */
export async function listTriageDecisions(
  db: Db,
  input: { actor: Actor; id: string },
): Promise<TriageDecisionView[]> {
  assertCan(input.actor, "cases:read");
  const incident = await loadVisibleIncident(db, input.actor, input.id);
  const rows = await db
    .select()
    .from(triageDecisions)
    .where(eq(triageDecisions.incidentId, incident.id))
    .orderBy(asc(triageDecisions.decidedAt));
  return rows.map((r) => ({
    id: r.id,
    validity: r.validity,
    rsitClass: r.rsitClass,
    rsitType: r.rsitType,
    impact: r.impact,
    scope: r.scope,
    matrixId: r.matrixId,
    matrixVersion: r.matrixVersion,
    assetIds: r.assetIds,
    businessImpact: r.businessImpact,
    assetCriticality: r.assetCriticality,
    severity: r.severity,
    priority: r.priority,
    explanation: (r.explanation as { lines: string[] }).lines,
    rationale: r.rationale,
    decidedBy: r.decidedBy,
    decidedByLabel: r.decidedByLabel,
    decidedAt: r.decidedAt.toISOString(),
  }));
}
