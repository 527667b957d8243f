import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { listNotifications, markNotificationRead } from "./list-notifications.ts";

const notificationSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  message: z.string(),
  incidentId: z.uuid().nullable(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});

export function notificationRoutes(app: HttpServer, db: Db): void {
  app.get(
    "/api/notifications",
    {
      schema: {
        tags: ["notifications"],
        summary: "The caller's notifications (SLA warnings and breaches), newest first",
        querystring: z.strictObject({ unread: z.stringbool().optional() }),
        response: {
          200: z.object({ items: z.array(notificationSchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN"),
        },
      },
    },
    async (req) => ({
      items: await listNotifications(db, { actor: req.actor, unread: req.query.unread }),
    }),
  );

  app.post(
    "/api/notifications/:id/read",
    {
      schema: {
        tags: ["notifications"],
        summary: "Mark one of the caller's notifications read",
        params: z.object({ id: z.uuid() }),
        response: {
          200: notificationSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "NOTIFICATION_NOT_FOUND"),
        },
      },
    },
    async (req) => markNotificationRead(db, { actor: req.actor, id: req.params.id }),
  );
}
