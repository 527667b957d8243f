import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { JobDefinition } from "../../platform/jobs/job-worker.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, systemActor } from "../identity/actor.ts";
import { reports } from "../reports/reports.tables.ts";
import { timelineEvents } from "../timeline/timeline.tables.ts";
import { CORRELATE_REPORT_JOB } from "./correlation-job-name.ts";
import { getReportCorrelations } from "./get-report-correlations.ts";

const payload = z.object({ reportId: z.uuid() });

/**
 * Correlates a newly created report and records `report.correlated` with the
 * counts. It looks as the report's own tenant does (no restricted incidents,
 * no other tenants), because anyone who can read the report reads the event.
 * Idempotent: a retry of the same job finds its event and stops.
 */
export function correlateReportJob(db: Db): JobDefinition<z.infer<typeof payload>> {
  return {
    name: CORRELATE_REPORT_JOB,
    payload,
    async run({ reportId }, { jobId }) {
      const [report] = await db
        .select({ tenantId: reports.tenantId })
        .from(reports)
        .where(eq(reports.id, reportId));
      if (!report) return;
      const actor: Actor = { ...systemActor, tenantId: report.tenantId };
      const result = await getReportCorrelations(db, { actor, reportId });
      const cases = (kind: string) =>
        new Set(
          result.matches.flatMap((m) => m.cases.filter((c) => c.kind === kind).map((c) => c.id)),
        ).size;
      await auditedTransaction(db, async (tx) => {
        const [done] = await tx
          .select({ id: timelineEvents.id })
          .from(timelineEvents)
          .where(
            and(
              eq(timelineEvents.reportId, reportId),
              eq(timelineEvents.type, "report.correlated"),
              sql`(${timelineEvents.data}->>'jobId')::bigint = ${jobId}`,
            ),
          );
        if (done) return;
        await recordCaseChanges(tx, systemActor, [
          {
            subject: { tenantId: report.tenantId, reportId },
            entityType: "report",
            entityId: reportId,
            event: {
              type: "report.correlated",
              data: {
                jobId,
                observables: result.observables,
                matchedObservables: result.matches.filter((m) => m.cases.length + m.iocs.length > 0)
                  .length,
                reports: cases("report"),
                incidents: cases("incident"),
                iocs: result.matches.reduce((n, m) => n + m.iocs.length, 0),
                duplicates: result.duplicates.length,
              },
            },
          },
        ]);
      });
    },
  };
}
