import { and, asc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { reportVisibleTo } from "../reports/report-visibility.ts";
import { reports } from "../reports/reports.tables.ts";
import { type CaseRef, loadVisibleCase, type VisibleCase } from "./load-visible-case.ts";
import { type ObservableView, toObservableView } from "./observable-view.ts";
import { observableSightings, observables } from "./observables.tables.ts";

/** Which observables belong to a case: its own, and for an incident those of its visible reports. */
export function caseObservablesWhere(actor: Actor, c: VisibleCase): SQL {
  if (c.kind === "report") return eq(observables.reportId, c.id);
  const linkedReports = sql`${observables.reportId} IN (${sql`SELECT ${reports.id} FROM ${reports} WHERE ${and(eq(reports.incidentId, c.id), reportVisibleTo(actor))}`})`;
  return or(eq(observables.incidentId, c.id), linkedReports) as SQL;
}

/** The observables of a report, or of an incident plus those of its linked reports. */
export async function listCaseObservables(
  db: Db,
  input: { actor: Actor; case: CaseRef },
): Promise<ObservableView[]> {
  const { actor } = input;
  assertCan(actor, "cases:read");
  const c = await loadVisibleCase(db, actor, input.case);
  const rows = await db
    .select()
    .from(observables)
    .where(caseObservablesWhere(actor, c))
    .orderBy(asc(observables.type), asc(observables.value), asc(observables.id))
    .limit(10_000);
  if (rows.length === 0) return [];
  const counts = await db
    .select({ id: observableSightings.observableId, n: sql<number>`count(*)::int` })
    .from(observableSightings)
    .where(
      inArray(
        observableSightings.observableId,
        rows.map((r) => r.id),
      ),
    )
    .groupBy(observableSightings.observableId);
  const byId = new Map(counts.map((c) => [c.id, c.n]));
  return rows.map((r) => toObservableView(r, byId.get(r.id) ?? 0));
}
