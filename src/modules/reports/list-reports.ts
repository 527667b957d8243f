import { and, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { Page } from "../../platform/pagination.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import type { Tlp } from "../marking/marking.ts";
import { reportMatchesText } from "../triage/text-search.ts";
import { type ReportView, toReportView } from "./report-view.ts";
import { reportVisibleTo } from "./report-visibility.ts";
import { reports } from "./reports.tables.ts";

export interface ReportFilters {
  status?: string | undefined;
  tenantId?: string | undefined;
  incidentId?: string | undefined;
  urgent?: boolean | undefined;
  tlp?: Tlp | undefined;
  channel?: string | undefined;
  q?: string | undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Newest first; only what the actor may see. */
export async function listReports(
  db: Db,
  input: { actor: Actor; filters: ReportFilters; limit: number; offset: number },
): Promise<Page<ReportView>> {
  assertCan(input.actor, "cases:read");
  const f = input.filters;
  const conditions: (SQL | undefined)[] = [
    reportVisibleTo(input.actor),
    f.status ? eq(reports.status, f.status) : undefined,
    f.tenantId ? eq(reports.tenantId, f.tenantId) : undefined,
    f.incidentId ? eq(reports.incidentId, f.incidentId) : undefined,
    f.urgent !== undefined ? eq(reports.urgent, f.urgent) : undefined,
    f.tlp ? eq(reports.tlp, f.tlp) : undefined,
    f.channel ? eq(reports.channel, f.channel) : undefined,
    f.q
      ? or(
          ilike(reports.subject, `%${escapeLike(f.q)}%`),
          ilike(reports.summary, `%${escapeLike(f.q)}%`),
          reportMatchesText(f.q),
        )
      : undefined,
  ];
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(reports)
      .where(where)
      .orderBy(desc(reports.receivedAt), desc(reports.ref))
      .limit(input.limit)
      .offset(input.offset),
    db.select({ n: count() }).from(reports).where(where),
  ]);
  return {
    items: rows.map(toReportView),
    total: totals[0]?.n ?? 0,
    limit: input.limit,
    offset: input.offset,
  };
}
