import { and, desc, eq, isNull, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { incidentIdVisibleTo } from "../incidents/incident-visibility.ts";
import { notifications } from "./notifications.tables.ts";

export interface NotificationView {
  id: string;
  kind: string;
  message: string;
  incidentId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

const toView = (r: typeof notifications.$inferSelect): NotificationView => ({
  id: r.id,
  kind: r.kind,
  message: r.message,
  incidentId: r.incidentId,
  data: r.data as Record<string, unknown>,
  createdAt: r.createdAt.toISOString(),
  readAt: r.readAt?.toISOString() ?? null,
});

/** The caller's own notifications, newest first; those about cases now hidden from them are left out. */
function mine(actor: Actor): SQL {
  if (!actor.userId) throw new DomainError("FORBIDDEN", "Notifications belong to users.");
  return and(
    eq(notifications.userId, actor.userId),
    sql`(${notifications.incidentId} IS NULL OR ${incidentIdVisibleTo(actor, notifications.incidentId)})`,
  ) as SQL;
}

export async function listNotifications(
  db: Db,
  input: { actor: Actor; unread?: boolean | undefined },
): Promise<NotificationView[]> {
  assertCan(input.actor, "cases:read");
  const rows = await db
    .select()
    .from(notifications)
    .where(and(mine(input.actor), input.unread ? isNull(notifications.readAt) : undefined))
    .orderBy(desc(notifications.createdAt))
    .limit(200);
  return rows.map(toView);
}

export async function markNotificationRead(
  db: Db,
  input: { actor: Actor; id: string },
): Promise<NotificationView> {
  assertCan(input.actor, "cases:read");
  const [row] = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.id, input.id), mine(input.actor)))
    .returning();
  if (!row) throw new DomainError("NOTIFICATION_NOT_FOUND", `Notification ${input.id} not found.`);
  return toView(row);
}
