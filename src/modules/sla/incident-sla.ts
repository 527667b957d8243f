import { and, eq, inArray, min, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { incidents } from "../incidents/incidents.tables.ts";
import type { Severity } from "../incidents/incidents-rules.ts";
import { reports } from "../reports/reports.tables.ts";
import { timelineEvents } from "../timeline/timeline.tables.ts";
import { incidentMilestones, slaPauses } from "./sla.tables.ts";
import { computeSla, type Pause, type SlaClock, type SlaState } from "./sla-rules.ts";
import { loadSlaSettings } from "./sla-settings.ts";

type IncidentRow = Pick<
  typeof incidents.$inferSelect,
  "id" | "tenantId" | "severity" | "status" | "createdAt" | "resolvedAt" | "closedAt"
>;

const earliest = (...dates: (Date | null | undefined)[]): Date | null =>
  dates.reduce<Date | null>((a, b) => (b && (!a || b < a) ? b : a), null);

const asDate = (v: unknown): Date | null =>
  v === null || v === undefined ? null : new Date(v as string);

/**
 * SLA state of incidents, in a handful of queries whatever their number.
 * The clocks start when the first linked report arrived (or at creation) and
 * complete at their milestone: acknowledged = explicit mark, first status change
 * out of `new` or a triage decision; triaged = first triage decision;
 * contained = explicit mark; resolved = resolution. Resolving or closing stops
 * every clock still running. The policy is the one of the current severity.
 */
export async function incidentsSla(
  db: Db,
  rows: readonly IncidentRow[],
  now: Date = new Date(),
): Promise<Map<string, SlaState>> {
  const out = new Map<string, SlaState>();
  if (rows.length === 0) return out;
  const ids = rows.map((r) => r.id);
  const [settings, marks, leftNew, triaged, pauses, arrivals] = await Promise.all([
    loadSlaSettings(
      db,
      rows.map((r) => r.tenantId),
    ),
    db.select().from(incidentMilestones).where(inArray(incidentMilestones.incidentId, ids)),
    db
      .select({ id: timelineEvents.incidentId, at: min(timelineEvents.at) })
      .from(timelineEvents)
      .where(
        and(
          inArray(timelineEvents.incidentId, ids),
          eq(timelineEvents.type, "incident.status_changed"),
          sql`${timelineEvents.data}->>'from' = 'new'`,
        ),
      )
      .groupBy(timelineEvents.incidentId),
    db
      .select({ id: timelineEvents.incidentId, at: min(timelineEvents.at) })
      .from(timelineEvents)
      .where(
        and(inArray(timelineEvents.incidentId, ids), eq(timelineEvents.type, "incident.triaged")),
      )
      .groupBy(timelineEvents.incidentId),
    db.select().from(slaPauses).where(inArray(slaPauses.incidentId, ids)),
    db
      .select({ id: reports.incidentId, at: min(reports.receivedAt) })
      .from(reports)
      .where(inArray(reports.incidentId, ids))
      .groupBy(reports.incidentId),
  ]);
  const byId = <T extends { id: string | null; at: unknown }>(list: T[]) =>
    new Map(list.map((x) => [x.id, asDate(x.at)]));
  const leftNewAt = byId(leftNew);
  const triagedAt = byId(triaged);
  const arrivedAt = byId(arrivals);
  for (const row of rows) {
    const mark = (kind: string) =>
      marks.find((m) => m.incidentId === row.id && m.kind === kind)?.at ?? null;
    const ended =
      row.status === "resolved" || row.status === "closed"
        ? (row.resolvedAt ?? row.closedAt ?? null)
        : null;
    const triage = triagedAt.get(row.id) ?? null;
    const completed: Record<SlaClock, Date | null> = {
      acknowledge: earliest(mark("acknowledged"), leftNewAt.get(row.id), triage) ?? ended,
      triage: triage ?? ended,
      contain: mark("contained") ?? ended,
      resolve: ended,
    };
    const tenant = settings.get(row.tenantId);
    const targets = tenant?.policy[row.severity as Severity];
    if (!tenant || !targets) continue;
    const incidentPauses: Pause[] = pauses
      .filter((p) => p.incidentId === row.id)
      .map((p) => ({ start: p.startedAt, end: p.endedAt }));
    out.set(
      row.id,
      computeSla({
        startedAt: earliest(row.createdAt, arrivedAt.get(row.id)) ?? row.createdAt,
        targets,
        calendar: tenant.calendar,
        pauses: incidentPauses,
        completed,
        now,
      }),
    );
  }
  return out;
}

/** One incident's SLA state (GET /api/incidents/{id}). */
export async function incidentSla(
  db: Db,
  row: IncidentRow,
  now?: Date,
): Promise<SlaState | undefined> {
  return (await incidentsSla(db, [row], now)).get(row.id);
}

type ReportRow = Pick<typeof reports.$inferSelect, "id" | "tenantId" | "receivedAt" | "urgent">;

/**
 * Untriaged reports run the acknowledge and triage clocks from their arrival,
 * with the targets of a high (urgent) or medium incident.
 */
export async function reportsSla(
  db: Db,
  rows: readonly ReportRow[],
  now: Date = new Date(),
): Promise<Map<string, SlaState>> {
  const out = new Map<string, SlaState>();
  if (rows.length === 0) return out;
  const settings = await loadSlaSettings(
    db,
    rows.map((r) => r.tenantId),
  );
  for (const row of rows) {
    const tenant = settings.get(row.tenantId);
    const targets = tenant?.policy[row.urgent ? "high" : "medium"];
    if (!tenant || !targets) continue;
    out.set(
      row.id,
      computeSla({
        startedAt: row.receivedAt,
        targets: { acknowledge: targets.acknowledge, triage: targets.triage },
        calendar: tenant.calendar,
        pauses: [],
        completed: {},
        now,
      }),
    );
  }
  return out;
}
