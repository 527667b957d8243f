import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import type { Actor } from "../identity/actor.ts";
import type { TimelineEvent } from "../timeline/timeline-events.ts";
import { type PsirtCaseRow, psirtCases } from "./psirt.tables.ts";

/** Writes the timeline event and audit record of a change to a vulnerability case. */
export function recordPsirtChange(
  tx: Db,
  actor: Actor,
  subject: { id: string; tenantId: string },
  ...events: TimelineEvent[]
): Promise<void> {
  return recordCaseChanges(
    tx,
    actor,
    events.map((event) => ({
      subject: { tenantId: subject.tenantId, psirtCaseId: subject.id },
      entityType: "psirt_case" as const,
      entityId: subject.id,
      event,
    })),
  );
}

/** Applies `set` to a case, bumping its version (optimistic concurrency) and updatedAt. */
export async function saveCase(
  tx: Db,
  id: string,
  set: Partial<typeof psirtCases.$inferInsert>,
): Promise<PsirtCaseRow> {
  const [row] = await tx
    .update(psirtCases)
    .set({ ...set, version: sql`${psirtCases.version} + 1`, updatedAt: new Date() })
    .where(eq(psirtCases.id, id))
    .returning();
  if (!row) throw new Error("update returned no row");
  return row;
}
