import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { timelineEvents } from "./timeline.tables.ts";
import { type TimelineEvent, timelineEventSchema } from "./timeline-events.ts";

export interface TimelineSubject {
  tenantId: string;
  incidentId?: string | null;
  reportId?: string | null;
  psirtCaseId?: string | null;
}

/** Writes a typed event; the schema check keeps malformed events out of the record. */
export async function recordTimelineEvent(
  tx: Db,
  actor: Actor,
  subject: TimelineSubject,
  event: TimelineEvent,
): Promise<void> {
  const checked = timelineEventSchema.parse(event);
  await tx.insert(timelineEvents).values({
    tenantId: subject.tenantId,
    incidentId: subject.incidentId ?? null,
    reportId: subject.reportId ?? null,
    psirtCaseId: subject.psirtCaseId ?? null,
    type: checked.type,
    actorId: actor.userId,
    actorLabel: actor.label,
    data: checked.data,
  });
}
