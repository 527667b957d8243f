import { asc, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import type { TimelineEntry } from "../timeline/list-timeline.ts";
import { timelineEvents } from "../timeline/timeline.tables.ts";
import { loadVisiblePsirtCase } from "./load-visible-psirt-case.ts";

/** The case's typed events, oldest first: lifecycle, embargo, parties, CVE, publication, messages. */
export async function getPsirtCaseTimeline(
  db: Db,
  input: { actor: Actor; id: string },
): Promise<TimelineEntry[]> {
  const kase = await loadVisiblePsirtCase(db, input.actor, input.id);
  const rows = await db
    .select()
    .from(timelineEvents)
    .where(eq(timelineEvents.psirtCaseId, kase.id))
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
