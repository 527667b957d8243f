import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { recordTimelineEvent, type TimelineSubject } from "../timeline/record-timeline-event.ts";
import type { TimelineEvent } from "../timeline/timeline-events.ts";
import { appendAuditRecord } from "./append-audit-record.ts";

export interface CaseChange {
  subject: TimelineSubject;
  event: TimelineEvent;
  entityType: "incident" | "report" | "psirt_case";
  entityId: string;
}

/**
 * The one way a case mutation is recorded: its timeline event(s), then the
 * audit record(s), all inside the caller's transaction.
 */
export async function recordCaseChanges(
  tx: Db,
  actor: Actor,
  changes: CaseChange[],
): Promise<void> {
  for (const change of changes) {
    await recordTimelineEvent(tx, actor, change.subject, change.event);
  }
  for (const change of changes) {
    await appendAuditRecord(tx, actor, {
      action: change.event.type,
      entityType: change.entityType,
      entityId: change.entityId,
      tenantId: change.subject.tenantId,
      data: change.event.data,
    });
  }
}
