import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import type { incidents } from "../incidents/incidents.tables.ts";
import { loadVisibleIncident } from "../incidents/load-visible-incident.ts";
import { loadVisibleReport } from "./load-visible-report.ts";
import { type ReportView, toReportView } from "./report-view.ts";
import { reports } from "./reports.tables.ts";

/** Links a report to an incident inside an open transaction (many reports → one incident). */
export async function linkReportInTx(
  tx: Db,
  actor: Actor,
  reportIdOrRef: string,
  incident: typeof incidents.$inferSelect,
): Promise<ReportView> {
  const report = await loadVisibleReport(tx, actor, reportIdOrRef, { forUpdate: true });
  if (report.tenantId !== incident.tenantId) {
    throw new DomainError(
      "TENANT_MISMATCH",
      "A report can only join an incident of its own tenant.",
    );
  }
  if (report.status === "merged") {
    throw new DomainError(
      "REPORT_ALREADY_MERGED",
      `Report ${report.ref} was merged; link its target.`,
    );
  }
  if (report.incidentId === incident.id) return toReportView(report);
  // Moving a report between incidents: the incident it leaves records that it left.
  const previous = report.incidentId
    ? await loadVisibleIncident(tx, actor, report.incidentId)
    : undefined;
  const [updated] = await tx
    .update(reports)
    .set({ incidentId: incident.id, version: sql`${reports.version} + 1`, updatedAt: new Date() })
    .where(eq(reports.id, report.id))
    .returning();
  if (!updated) throw new Error("update returned no row");
  const data = {
    reportId: report.id,
    reportRef: report.ref,
    incidentId: incident.id,
    incidentRef: incident.ref,
  };
  const unlinked = previous
    ? [
        {
          subject: { tenantId: report.tenantId, reportId: report.id, incidentId: previous.id },
          entityType: "report" as const,
          entityId: report.id,
          event: {
            type: "report.unlinked" as const,
            data: { ...data, incidentId: previous.id, incidentRef: previous.ref },
          },
        },
      ]
    : [];
  await recordCaseChanges(tx, actor, [
    ...unlinked,
    {
      subject: { tenantId: report.tenantId, reportId: report.id, incidentId: incident.id },
      entityType: "report",
      entityId: report.id,
      event: { type: "report.linked", data },
    },
  ]);
  return toReportView(updated);
}

export async function linkReport(
  db: Db,
  input: { actor: Actor; reportId: string; incidentId: string },
): Promise<ReportView> {
  assertCan(input.actor, "incidents:write");
  return auditedTransaction(db, async (tx) => {
    const incident = await loadVisibleIncident(tx, input.actor, input.incidentId, {
      forUpdate: true,
    });
    return linkReportInTx(tx, input.actor, input.reportId, incident);
  });
}
