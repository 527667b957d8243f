import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { listTimeline, type TimelineEntry } from "../timeline/list-timeline.ts";
import { loadVisiblePsirtCase } from "./load-visible-psirt-case.ts";

/** The case's typed events, oldest first: lifecycle, embargo, parties, CVE, publication, messages. */
export async function getPsirtCaseTimeline(
  db: Db,
  input: { actor: Actor; id: string },
): Promise<TimelineEntry[]> {
  const kase = await loadVisiblePsirtCase(db, input.actor, input.id);
  return listTimeline(db, { psirtCaseId: kase.id });
}
