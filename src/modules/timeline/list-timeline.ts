import { asc, eq, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import { timelineEvents } from "./timeline.tables.ts";
import { timelineEventTypes } from "./timeline-events.ts";

export const timelineEntrySchema = z.object({
  id: z.number().int(),
  type: z.enum(timelineEventTypes as [string, ...string[]]),
  at: z.iso.datetime(),
  actorId: z.uuid().nullable(),
  actor: z.string(),
  incidentId: z.uuid().nullable(),
  reportId: z.uuid().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/**
 * Events of one case, oldest first. The caller has already checked that the
 * actor may see the case (load-visible-* use cases).
 */
export async function listTimeline(
  db: Db,
  subject: { incidentId: string } | { reportId: string } | { psirtCaseId: string },
): Promise<TimelineEntry[]> {
  const where: SQL =
    "incidentId" in subject
      ? eq(timelineEvents.incidentId, subject.incidentId)
      : "reportId" in subject
        ? eq(timelineEvents.reportId, subject.reportId)
        : eq(timelineEvents.psirtCaseId, subject.psirtCaseId);
  const rows = await db
    .select()
    .from(timelineEvents)
    .where(where)
    .orderBy(asc(timelineEvents.id))
    .limit(10_000);
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    at: r.at.toISOString(),
    actorId: r.actorId,
    actor: r.actorLabel,
    incidentId: r.incidentId,
    reportId: r.reportId,
    data: r.data as Record<string, unknown>,
  }));
}
