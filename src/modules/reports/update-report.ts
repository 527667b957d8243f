import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { assertVersion } from "../../platform/db/versioned.ts";
import { DomainError } from "../../platform/errors.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import type { Pap, Tlp } from "../marking/marking.ts";
import { diffFields } from "../timeline/timeline-events.ts";
import { loadVisibleReport } from "./load-visible-report.ts";
import { type ReportView, toReportView } from "./report-view.ts";
import { reports } from "./reports.tables.ts";

export interface ReportPatch {
  subject?: string | undefined;
  summary?: string | undefined;
  tlp?: Tlp | undefined;
  pap?: Pap | undefined;
  urgent?: boolean | undefined;
  status?: "open" | "closed" | undefined;
}

export async function updateReport(
  db: Db,
  input: { actor: Actor; id: string; expectedVersion: number; patch: ReportPatch },
): Promise<ReportView> {
  assertCan(input.actor, "incidents:write");
  return auditedTransaction(db, async (tx) => {
    const before = await loadVisibleReport(tx, input.actor, input.id, { forUpdate: true });
    assertVersion(before.version, input.expectedVersion, `Report ${before.ref}`);
    if (before.status === "merged" && input.patch.status) {
      throw new DomainError(
        "REPORT_ALREADY_MERGED",
        `Report ${before.ref} is merged; its status is fixed.`,
      );
    }
    const changes = diffFields(before, input.patch);
    if (Object.keys(changes).length === 0) return toReportView(before);
    const [row] = await tx
      .update(reports)
      .set({ ...input.patch, version: sql`${reports.version} + 1`, updatedAt: new Date() })
      .where(eq(reports.id, before.id))
      .returning();
    if (!row) throw new Error("update returned no row");
    await recordCaseChanges(tx, input.actor, [
      {
        subject: { tenantId: row.tenantId, reportId: row.id },
        entityType: "report",
        entityId: row.id,
        event: { type: "report.updated", data: { changes } },
      },
    ]);
    return toReportView(row);
  });
}
