import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { loadVisibleIncident } from "../incidents/load-visible-incident.ts";
import { loadVisibleReport } from "./load-visible-report.ts";
import { type ReportView, toReportView } from "./report-view.ts";
import { reports } from "./reports.tables.ts";

export async function unlinkReport(
  db: Db,
  input: { actor: Actor; reportId: string },
): Promise<ReportView> {
  assertCan(input.actor, "incidents:write");
  return auditedTransaction(db, async (tx) => {
    const report = await loadVisibleReport(tx, input.actor, input.reportId, { forUpdate: true });
    if (!report.incidentId) return toReportView(report);
    const incident = await loadVisibleIncident(tx, input.actor, report.incidentId);
    const [updated] = await tx
      .update(reports)
      .set({ incidentId: null, version: sql`${reports.version} + 1`, updatedAt: new Date() })
      .where(eq(reports.id, report.id))
      .returning();
    if (!updated) throw new Error("update returned no row");
    await recordCaseChanges(tx, input.actor, [
      {
        subject: { tenantId: report.tenantId, reportId: report.id, incidentId: incident.id },
        entityType: "report",
        entityId: report.id,
        event: {
          type: "report.unlinked",
          data: {
            reportId: report.id,
            reportRef: report.ref,
            incidentId: incident.id,
            incidentRef: incident.ref,
          },
        },
      },
    ]);
    return toReportView(updated);
  });
}
