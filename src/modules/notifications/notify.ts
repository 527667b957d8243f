import type { Db } from "../../platform/db/client.ts";
import { notifications } from "./notifications.tables.ts";

export interface NewNotification {
  userId: string;
  tenantId: string | null;
  incidentId: string | null;
  kind: string;
  message: string;
  data?: Record<string, unknown>;
  /** The same key notifies once, however often the producer runs. */
  dedupeKey: string;
}

/** Stores a notification unless one with the same key exists; true when stored. */
export async function notify(db: Db, n: NewNotification): Promise<boolean> {
  const rows = await db
    .insert(notifications)
    .values({ ...n, data: n.data ?? {} })
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.length > 0;
}
