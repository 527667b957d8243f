import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { listTimeline, type TimelineEntry } from "../timeline/list-timeline.ts";
import { loadVisibleIncident } from "./load-visible-incident.ts";

export async function getIncidentTimeline(
  db: Db,
  input: { actor: Actor; id: string },
): Promise<TimelineEntry[]> {
  const incident = await loadVisibleIncident(db, input.actor, input.id);
  return listTimeline(db, { incidentId: incident.id });
}
