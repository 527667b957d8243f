import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { type Tlp, tlpRank } from "../marking/marking.ts";
import { loadVisibleReport } from "./load-visible-report.ts";
import { type ReportView, toReportView } from "./report-view.ts";
import { reports } from "./reports.tables.ts";

/**
 * Merges a duplicate report into another without losing anything: the source
 * keeps its content and points at the target; the target takes the stricter
 * TLP, the urgent flag and the source's incident if it had none.
 */
export async function mergeReports(
  db: Db,
  input: { actor: Actor; sourceId: string; targetId: string },
): Promise<ReportView> {
  const { actor } = input;
  assertCan(actor, "reports:write");
  assertCan(actor, "incidents:write");
  return auditedTransaction(db, async (tx) => {
    const sourceId = (await loadVisibleReport(tx, actor, input.sourceId)).id;
    const targetId = (await loadVisibleReport(tx, actor, input.targetId)).id;
    if (sourceId === targetId) {
      throw new DomainError("CANNOT_MERGE_INTO_SELF", "A report cannot be merged into itself.");
    }
    // Lock in id order: A→B and B→A merges would otherwise deadlock on PostgreSQL.
    const locked = new Map<string, typeof reports.$inferSelect>();
    for (const id of [sourceId, targetId].sort()) {
      locked.set(id, await loadVisibleReport(tx, actor, id, { forUpdate: true }));
    }
    const source = locked.get(sourceId) as typeof reports.$inferSelect;
    const target = locked.get(targetId) as typeof reports.$inferSelect;
    if (source.tenantId !== target.tenantId) {
      throw new DomainError("TENANT_MISMATCH", "Only reports of the same tenant can be merged.");
    }
    for (const r of [source, target]) {
      if (r.status === "merged") {
        throw new DomainError("REPORT_ALREADY_MERGED", `Report ${r.ref} is already merged.`);
      }
    }
    const now = new Date();
    await tx
      .update(reports)
      .set({
        status: "merged",
        mergedIntoId: target.id,
        version: sql`${reports.version} + 1`,
        updatedAt: now,
      })
      .where(eq(reports.id, source.id));
    const stricter = (a: string, b: string) => (tlpRank(a as Tlp) >= tlpRank(b as Tlp) ? a : b);
    const [updated] = await tx
      .update(reports)
      .set({
        tlp: stricter(target.tlp, source.tlp),
        urgent: target.urgent || source.urgent,
        incidentId: target.incidentId ?? source.incidentId,
        version: sql`${reports.version} + 1`,
        updatedAt: now,
      })
      .where(eq(reports.id, target.id))
      .returning();
    if (!updated) throw new Error("update returned no row");
    const data = {
      fromReportId: source.id,
      fromRef: source.ref,
      intoReportId: target.id,
      intoRef: target.ref,
    };
    await recordCaseChanges(tx, actor, [
      {
        subject: { tenantId: source.tenantId, reportId: source.id },
        entityType: "report",
        entityId: source.id,
        event: { type: "report.merged", data },
      },
      {
        subject: { tenantId: target.tenantId, reportId: target.id },
        entityType: "report",
        entityId: target.id,
        event: { type: "report.merged", data },
      },
    ]);
    return toReportView(updated);
  });
}
