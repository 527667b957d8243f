import { api, unwrap } from "../../api/client.ts";
import type { IncidentView, Priority, ReportView, Severity, Tlp } from "../../api/types.ts";

/** One row of the queue: a report waiting for triage or an incident being handled. */
export interface QueueItem {
  kind: "report" | "incident";
  id: string;
  ref: number;
  title: string;
  status: string;
  tlp: Tlp;
  severity: Severity | null;
  priority: Priority | null;
  urgent: boolean;
  /** When it arrived (report) or was opened (incident). */
  at: string;
  /** The next SLA deadline and whether a clock is already breached (from GET /api/queue). */
  due: string | null;
  breached: boolean;
}

export interface QueueFilters {
  kind: "all" | "reports" | "incidents";
  status: "open" | "all";
  severity: Severity | null;
  tlp: Tlp | null;
  q: string;
}

export const defaultFilters: QueueFilters = {
  kind: "all",
  status: "open",
  severity: null,
  tlp: null,
  q: "",
};

/** The most rows the queue loads; the list is virtualised, so this is about the API, not the DOM. */
export const QUEUE_LIMIT = 1000;
const PAGE = 200;

const fromReport = (r: ReportView): QueueItem => ({
  kind: "report",
  id: r.id,
  ref: r.ref,
  title: r.subject,
  status: r.status,
  tlp: r.tlp,
  severity: null,
  priority: null,
  urgent: r.urgent,
  at: r.receivedAt,
  due: null,
  breached: false,
});

const fromIncident = (i: IncidentView): QueueItem => ({
  kind: "incident",
  id: i.id,
  ref: i.ref,
  title: i.title,
  status: i.status,
  tlp: i.tlp,
  severity: i.severity,
  priority: i.priority,
  urgent: false,
  at: i.createdAt,
  due: null,
  breached: false,
});

type ServerQueueItem = Awaited<ReturnType<typeof loadServerQueuePage>>["items"][number];

const fromServerQueue = (item: ServerQueueItem): QueueItem => ({
  kind: item.kind,
  id: item.id,
  ref: item.ref,
  title: item.title,
  status: item.status,
  tlp: item.tlp,
  severity: item.severity,
  priority: item.effectivePriority,
  urgent: item.kind === "report" && item.effectivePriority === "P1",
  at: item.openedAt,
  due: item.nextDue,
  breached: item.breached,
});

function loadServerQueuePage(filters: QueueFilters, offset: number) {
  const kind =
    filters.kind === "all" ? undefined : filters.kind === "reports" ? "report" : "incident";
  return unwrap(
    api.GET("/api/queue", {
      params: {
        query: {
          limit: PAGE,
          offset,
          kind,
          q: filters.q.trim() || undefined,
          tlp: filters.tlp ?? undefined,
          severity: filters.severity ?? undefined,
        },
      },
    }),
  );
}

async function allPages<T>(load: (offset: number) => Promise<{ items: T[]; total: number }>) {
  const items: T[] = [];
  for (let offset = 0; offset < QUEUE_LIMIT; offset += PAGE) {
    const page = await load(offset);
    items.push(...page.items);
    if (items.length >= page.total || page.items.length < PAGE) break;
  }
  return items;
}

/** The queue: open work from GET /api/queue, everything else from the report and incident lists. */
export async function loadQueue(filters: QueueFilters): Promise<QueueItem[]> {
  // Open work comes from the triage module's queue, ordered server-side by
  // effective priority and SLA due time; "all, including closed" from the lists.
  if (filters.status === "open") {
    const items = await allPages((offset) => loadServerQueuePage(filters, offset));
    return items.map(fromServerQueue);
  }
  const q = filters.q.trim() || undefined;
  const tlp = filters.tlp ?? undefined;
  const wantReports = filters.kind !== "incidents" && !filters.severity;
  const wantIncidents = filters.kind !== "reports";
  const [reports, incidents] = await Promise.all([
    wantReports
      ? allPages((offset) =>
          unwrap(
            api.GET("/api/reports", {
              params: {
                query: {
                  limit: PAGE,
                  offset,
                  q,
                  tlp,
                  status: filters.status === "open" ? "open" : undefined,
                },
              },
            }),
          ),
        )
      : [],
    wantIncidents
      ? allPages((offset) =>
          unwrap(
            api.GET("/api/incidents", {
              params: {
                query: { limit: PAGE, offset, q, tlp, severity: filters.severity ?? undefined },
              },
            }),
          ),
        )
      : [],
  ]);
  const open = (i: IncidentView) =>
    filters.status === "all" || !["resolved", "closed"].includes(i.status);
  return [...reports.map(fromReport), ...incidents.filter(open).map(fromIncident)].sort(queueOrder);
}

const severityRank: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };
const priorityRank: Record<Priority, number> = { P1: 0, P2: 1, P3: 2, P4: 3 };

/** Rank 0 is the most pressing: P1, critical, or an urgent report. */
export function queueRank(item: QueueItem): number {
  if (item.priority) return priorityRank[item.priority];
  if (item.severity) return severityRank[item.severity];
  return item.urgent ? 0 : 2;
}

/** Most pressing first, then the longest waiting first. */
export function queueOrder(a: QueueItem, b: QueueItem): number {
  return queueRank(a) - queueRank(b) || a.at.localeCompare(b.at) || a.ref - b.ref;
}

export const caseHref = (item: { kind: "report" | "incident"; ref: number }) =>
  `/${item.kind === "report" ? "reports" : "incidents"}/${item.ref}`;
