import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { assertVersion } from "../../platform/db/versioned.ts";
import { loadTenantAssets } from "../assets/load-visible-asset.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { type IncidentView, toIncidentView } from "../incidents/incident-view.ts";
import { incidents } from "../incidents/incidents.tables.ts";
import { loadVisibleIncident } from "../incidents/load-visible-incident.ts";
import { assertRsit } from "../taxonomy/rsit.ts";
import { diffFields } from "../timeline/timeline-events.ts";
import { currentSeverityMatrix } from "./severity-matrix.ts";
import { triageDecisions } from "./triage.tables.ts";
import {
  assetCriticalityOf,
  computePriority,
  type Impact,
  type Level,
  rateSeverity,
  type Scope,
  type Validity,
} from "./triage-rules.ts";

export interface TriageInput {
  validity: Validity;
  rsitClass?: string | null | undefined;
  rsitType?: string | null | undefined;
  impact: Impact;
  scope: Scope;
  businessImpact?: Level | undefined;
  assetIds?: string[] | undefined;
  rationale?: string | undefined;
}

export interface TriageResult {
  incident: IncidentView;
  decisionId: string;
  severity: IncidentView["severity"];
  priority: NonNullable<IncidentView["priority"]>;
  explanation: string[];
}

/**
 * Records a triage decision: validity, RSIT class/type, the matrix inputs and
 * the version of the matrix read, the affected assets and business impact.
 * Severity comes from the matrix, priority from severity × business impact ×
 * asset criticality; both are written to the incident, and the timeline event
 * carries every input so the result can be explained and replayed.
 * `expectedVersion` null skips the concurrency check (report-level triage).
 */
export async function triageIncident(
  db: Db,
  input: { actor: Actor; id: string; expectedVersion: number | null; decision: TriageInput },
): Promise<TriageResult> {
  const { actor, decision: d } = input;
  assertCan(actor, "incidents:write");
  return auditedTransaction(db, async (tx) => {
    const before = await loadVisibleIncident(tx, actor, input.id, { forUpdate: true });
    if (input.expectedVersion !== null) {
      assertVersion(before.version, input.expectedVersion, `Incident ${before.ref}`);
    }
    const rsitClass = d.rsitClass !== undefined ? d.rsitClass : before.rsitClass;
    const rsitType =
      d.rsitType !== undefined ? d.rsitType : d.rsitClass !== undefined ? null : before.rsitType;
    assertRsit(rsitClass, rsitType);
    const assetRows = await loadTenantAssets(tx, before.tenantId, d.assetIds ?? []);
    const matrix = await currentSeverityMatrix(tx, before.tenantId);
    const rating = rateSeverity(matrix, d);
    const assets = assetCriticalityOf(
      assetRows.map((a) => ({ name: a.name, criticality: a.criticality as Level })),
    );
    const businessImpact = d.businessImpact ?? "medium";
    const priority = computePriority({
      severity: rating.severity,
      businessImpact,
      assetCriticality: assets.criticality,
    });
    const explanation = [rating.explanation, assets.explanation, priority.explanation];
    const assetIds = assetRows.map((a) => a.id).sort();
    const [decision] = await tx
      .insert(triageDecisions)
      .values({
        incidentId: before.id,
        tenantId: before.tenantId,
        validity: d.validity,
        rsitClass,
        rsitType,
        impact: d.impact,
        scope: d.scope,
        matrixId: matrix.id,
        matrixVersion: matrix.version,
        assetIds,
        businessImpact,
        assetCriticality: assets.criticality,
        severity: rating.severity,
        priority: priority.priority,
        explanation: { lines: explanation, score: priority.score },
        rationale: d.rationale ?? "",
        decidedBy: actor.userId,
        decidedByLabel: actor.label,
      })
      .returning({ id: triageDecisions.id });
    if (!decision) throw new Error("insert returned no row");
    const next = { severity: rating.severity, priority: priority.priority, rsitClass, rsitType };
    const changes = diffFields(before, next);
    const [row] = await tx
      .update(incidents)
      .set({ ...next, version: sql`${incidents.version} + 1`, updatedAt: new Date() })
      .where(eq(incidents.id, before.id))
      .returning();
    if (!row) throw new Error("update returned no row");
    await recordCaseChanges(tx, actor, [
      {
        subject: { tenantId: row.tenantId, incidentId: row.id },
        entityType: "incident",
        entityId: row.id,
        event: {
          type: "incident.triaged",
          data: {
            decisionId: decision.id,
            validity: d.validity,
            rsitClass,
            rsitType,
            inputs: {
              impact: d.impact,
              scope: d.scope,
              businessImpact,
              assetIds,
              assetCriticality: assets.criticality,
            },
            matrix: { id: matrix.id, version: matrix.version, tenantId: matrix.tenantId },
            result: {
              severity: rating.severity,
              priority: priority.priority,
              score: priority.score,
            },
            explanation,
            rationale: d.rationale ?? "",
            changes,
          },
        },
      },
    ]);
    return {
      incident: toIncidentView(row),
      decisionId: decision.id,
      severity: rating.severity,
      priority: priority.priority,
      explanation,
    };
  });
}
