import { and, eq, not } from "drizzle-orm";
import { type Db, queryRows, sql } from "../../platform/db/client.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { observables } from "../observables/observables.tables.ts";
import type { ObservableType } from "../observables/observables-rules.ts";
import { loadVisibleReport } from "../reports/load-visible-report.ts";
import { reportVisibleTo } from "../reports/report-visibility.ts";
import { type CorrelationResult, correlateObservables } from "./correlate-observables.ts";
import { type IncidentSuggestion, suggestIncident } from "./correlation-rules.ts";

export const DEFAULT_DUPLICATE_WINDOW_DAYS = 7;

export interface DuplicateCandidate {
  id: string;
  ref: number;
  subject: string;
  receivedAt: string;
  reason: "same reporter and observables" | "same content";
  sharedObservables: number;
  /** The existing merge endpoint does the merge. */
  merge: { method: "POST"; path: string; body: { intoReportId: string } };
}

export interface ReportCorrelations extends Omit<CorrelationResult, "caseRows"> {
  reportId: string;
  observables: number;
  suggestion: IncidentSuggestion | null;
  duplicates: DuplicateCandidate[];
}

/**
 * Possible duplicates of a report the actor may see: reports from the same
 * reporter sharing an observable, or with the same subject and body, received
 * within the window either side.
 */
async function findDuplicates(
  db: Db,
  actor: Actor,
  report: {
    id: string;
    reporterEmail: string | null;
    receivedAt: Date;
    subject: string;
    summary: string;
  },
  windowDays: number,
): Promise<DuplicateCandidate[]> {
  const rows = await queryRows<{
    id: string;
    ref: number;
    subject: string;
    received_at: Date | string;
    shared: number;
    same_content: boolean;
    same_reporter: boolean;
  }>(
    db,
    sql`SELECT reports.id, reports.ref, reports.subject, reports.received_at,
        (SELECT count(*)::int FROM observables mine JOIN observables theirs
           ON theirs.type = mine.type AND theirs.value = mine.value AND theirs.report_id = reports.id
           AND NOT theirs.false_positive
         WHERE mine.report_id = ${report.id}::uuid AND NOT mine.false_positive) AS shared,
        COALESCE(reports.reporter_email = ${report.reporterEmail}, false) AS same_reporter,
        md5(reports.subject || E'\\n' || reports.summary) = md5(${report.subject} || E'\\n' || ${report.summary}) AS same_content
      FROM reports
      WHERE reports.id <> ${report.id}::uuid AND reports.status <> 'merged'
        AND reports.received_at BETWEEN ${report.receivedAt}::timestamptz - make_interval(days => ${windowDays}::int)
                                    AND ${report.receivedAt}::timestamptz + make_interval(days => ${windowDays}::int)
        AND ${reportVisibleTo(actor)}
      ORDER BY reports.received_at DESC LIMIT 500`,
  );
  return rows
    .filter((r) => r.same_content || (r.same_reporter && r.shared > 0))
    .map((r) => ({
      id: r.id,
      ref: Number(r.ref),
      subject: r.subject,
      receivedAt: new Date(r.received_at).toISOString(),
      reason: r.same_reporter && r.shared > 0 ? "same reporter and observables" : "same content",
      sharedObservables: r.shared,
      merge: {
        method: "POST",
        path: `/api/reports/${report.id}/merge`,
        body: { intoReportId: r.id },
      },
    }));
}

/**
 * Correlates a report's observables (false positives aside) with every other
 * case the actor may see and with the IOC store of the report's tenant; adds
 * an incident to link to and the duplicates to merge.
 */
export async function getReportCorrelations(
  db: Db,
  input: { actor: Actor; reportId: string; windowDays?: number | undefined },
): Promise<ReportCorrelations> {
  const { actor } = input;
  assertCan(actor, "cases:read");
  const report = await loadVisibleReport(db, actor, input.reportId);
  const own = await db
    .select({ type: observables.type, value: observables.value })
    .from(observables)
    .where(and(eq(observables.reportId, report.id), not(observables.falsePositive)));
  const result = await correlateObservables(db, {
    actor,
    observables: own as { type: ObservableType; value: string }[],
    iocTenantId: report.tenantId,
    exclude: { reportId: report.id, incidentId: report.incidentId ?? undefined },
  });
  const duplicates = await findDuplicates(
    db,
    actor,
    report,
    input.windowDays ?? DEFAULT_DUPLICATE_WINDOW_DAYS,
  );
  const { caseRows, ...rest } = result;
  return {
    reportId: report.id,
    observables: own.length,
    ...rest,
    suggestion: report.incidentId ? null : suggestIncident(caseRows, report.id),
    duplicates,
  };
}
