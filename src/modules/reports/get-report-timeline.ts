import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { listTimeline, type TimelineEntry } from "../timeline/list-timeline.ts";
import { loadVisibleReport } from "./load-visible-report.ts";

export async function getReportTimeline(
  db: Db,
  input: { actor: Actor; id: string },
): Promise<TimelineEntry[]> {
  const report = await loadVisibleReport(db, input.actor, input.id);
  return listTimeline(db, { reportId: report.id });
}
