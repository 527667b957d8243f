import { and, desc, eq, inArray, isNull, type SQL } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { Page } from "../../platform/pagination.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { incidentVisibleTo } from "../incidents/incident-visibility.ts";
import { incidents } from "../incidents/incidents.tables.ts";
import type { IncidentStatus, Priority, Severity } from "../incidents/incidents-rules.ts";
import type { Tlp } from "../marking/marking.ts";
import { reportVisibleTo } from "../reports/report-visibility.ts";
import { reports } from "../reports/reports.tables.ts";
import { incidentsSla, reportsSla } from "../sla/incident-sla.ts";
import { nextDue, type SlaClock, type SlaState } from "../sla/sla-rules.ts";
import { incidentMatchesText, reportMatchesText } from "./text-search.ts";
import { basePriority } from "./triage-rules.ts";

export interface QueueFilters {
  tenantId?: string | undefined;
  status?: string | undefined;
  severity?: Severity | undefined;
  tlp?: Tlp | undefined;
  /** The incident lead (reports have none, so this filter shows incidents only). */
  assigneeId?: string | undefined;
  kind?: "incident" | "report" | undefined;
  q?: string | undefined;
}

export interface QueueItem {
  kind: "incident" | "report";
  id: string;
  ref: number;
  tenantId: string;
  title: string;
  status: string;
  severity: Severity | null;
  priority: Priority | null;
  /** The priority used for ordering: the triaged one, else the severity's (urgent report: P2, other: P3). */
  effectivePriority: Priority;
  tlp: Tlp;
  leadId: string | null;
  waiting: boolean;
  nextDue: string | null;
  nextClock: SlaClock | null;
  breached: boolean;
  openedAt: string;
}

/** Items considered per kind before ordering; a triage queue larger than this needs filters. */
export const QUEUE_SCAN_LIMIT = 2000;

const openIncidentStatuses: IncidentStatus[] = ["new", "triage", "in_progress"];
const incidentStatusSet = new Set<string>(["new", "triage", "in_progress", "resolved", "closed"]);
const reportStatusSet = new Set<string>(["open", "merged", "closed"]);

function dueFields(state: SlaState | undefined) {
  const next = state ? nextDue(state) : null;
  return {
    waiting: state?.waiting ?? false,
    nextDue: next?.due ?? null,
    nextClock: next?.clock ?? null,
    breached: next?.breached ?? false,
  };
}

/**
 * The triage queue: open incidents and reports not yet attached to an
 * incident, that the actor may see, ordered by priority, then the earliest
 * SLA due time of a running clock, then reference. Filters narrow it;
 * `q` is a French/English full-text search.
 */
export async function getQueue(
  db: Db,
  input: { actor: Actor; filters: QueueFilters; limit: number; offset: number; now?: Date },
): Promise<Page<QueueItem>> {
  assertCan(input.actor, "cases:read");
  const f = input.filters;
  const now = input.now ?? new Date();
  const wantIncidents = f.kind !== "report" && (!f.status || incidentStatusSet.has(f.status));
  const wantReports =
    f.kind !== "incident" &&
    !f.severity &&
    !f.assigneeId &&
    (!f.status || reportStatusSet.has(f.status));

  const incidentConditions: (SQL | undefined)[] = [
    incidentVisibleTo(input.actor),
    f.status ? eq(incidents.status, f.status) : inArray(incidents.status, openIncidentStatuses),
    f.tenantId ? eq(incidents.tenantId, f.tenantId) : undefined,
    f.severity ? eq(incidents.severity, f.severity) : undefined,
    f.tlp ? eq(incidents.tlp, f.tlp) : undefined,
    f.assigneeId ? eq(incidents.leadId, f.assigneeId) : undefined,
    f.q ? incidentMatchesText(f.q) : undefined,
  ];
  const reportConditions: (SQL | undefined)[] = [
    reportVisibleTo(input.actor),
    f.status ? eq(reports.status, f.status) : eq(reports.status, "open"),
    f.status ? undefined : isNull(reports.incidentId),
    f.tenantId ? eq(reports.tenantId, f.tenantId) : undefined,
    f.tlp ? eq(reports.tlp, f.tlp) : undefined,
    f.q ? reportMatchesText(f.q) : undefined,
  ];
  const [incidentRows, reportRows] = await Promise.all([
    wantIncidents
      ? db
          .select()
          .from(incidents)
          .where(and(...incidentConditions))
          .orderBy(desc(incidents.createdAt))
          .limit(QUEUE_SCAN_LIMIT)
      : [],
    wantReports
      ? db
          .select()
          .from(reports)
          .where(and(...reportConditions))
          .orderBy(desc(reports.receivedAt))
          .limit(QUEUE_SCAN_LIMIT)
      : [],
  ]);
  const [incidentClocks, reportClocks] = await Promise.all([
    incidentsSla(db, incidentRows, now),
    reportsSla(db, reportRows, now),
  ]);
  const items: QueueItem[] = [
    ...incidentRows.map((r): QueueItem => {
      const severity = r.severity as Severity;
      const priority = r.priority as Priority | null;
      return {
        kind: "incident",
        id: r.id,
        ref: r.ref,
        tenantId: r.tenantId,
        title: r.title,
        status: r.status,
        severity,
        priority,
        effectivePriority: priority ?? basePriority(severity),
        tlp: r.tlp as Tlp,
        leadId: r.leadId,
        ...dueFields(incidentClocks.get(r.id)),
        openedAt: r.createdAt.toISOString(),
      };
    }),
    ...reportRows.map(
      (r): QueueItem => ({
        kind: "report",
        id: r.id,
        ref: r.ref,
        tenantId: r.tenantId,
        title: r.subject,
        status: r.status,
        severity: null,
        priority: null,
        effectivePriority: r.urgent ? "P2" : "P3",
        tlp: r.tlp as Tlp,
        leadId: null,
        ...dueFields(r.status === "open" && !r.incidentId ? reportClocks.get(r.id) : undefined),
        openedAt: r.receivedAt.toISOString(),
      }),
    ),
  ];
  items.sort(
    (a, b) =>
      a.effectivePriority.localeCompare(b.effectivePriority) ||
      (a.nextDue ?? "\uffff").localeCompare(b.nextDue ?? "\uffff") ||
      a.ref - b.ref,
  );
  return {
    items: items.slice(input.offset, input.offset + input.limit),
    total: items.length,
    limit: input.limit,
    offset: input.offset,
  };
}
