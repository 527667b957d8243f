import { z } from "zod";
import type { Db } from "../../../platform/db/client.ts";
import type { HttpServer } from "../../../platform/http/create-http-server.ts";
import { errorResponses } from "../../../platform/http/error-envelope.ts";
import type { Sealer } from "../../../platform/sealing/sealed-secret.ts";
import { addMailbox } from "./add-mailbox.ts";
import { addMailboxBody, mailboxIdParams, mailboxListSchema } from "./imap.schemas.ts";
import { listMailboxes } from "./list-mailboxes.ts";
import { mailboxViewSchema } from "./mailbox-view.ts";
import { removeMailbox } from "./remove-mailbox.ts";

export function imapRoutes(app: HttpServer, db: Db, options: { sealer: Sealer }): void {
  app.get(
    "/api/intake/mailboxes",
    {
      schema: {
        tags: ["intake"],
        summary: "IMAP mailboxes polled for reports, with last poll and last error",
        response: { 200: mailboxListSchema, ...errorResponses("UNAUTHENTICATED", "FORBIDDEN") },
      },
    },
    async (req) => listMailboxes(db, { actor: req.actor }),
  );

  app.post(
    "/api/intake/mailboxes",
    {
      schema: {
        tags: ["intake"],
        summary: "Add an IMAP mailbox to poll (admin; the password is sealed at rest)",
        body: addMailboxBody,
        response: {
          201: mailboxViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "MAILBOX_NAME_TAKEN",
            "SECRET_KEY_MISSING",
          ),
        },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await addMailbox(db, { actor: req.actor, sealer: options.sealer, ...req.body })),
  );

  app.delete(
    "/api/intake/mailboxes/:id",
    {
      schema: {
        tags: ["intake"],
        summary: "Stop polling a mailbox (admin)",
        params: mailboxIdParams,
        response: {
          204: z.null(),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "MAILBOX_NOT_FOUND"),
        },
      },
    },
    async (req, reply) => {
      await removeMailbox(db, { actor: req.actor, id: req.params.id });
      return reply.code(204).send(null);
    },
  );
}
