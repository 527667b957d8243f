import type { FastifyReply } from "fastify";
import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { reportIdParams } from "../reports/reports.schemas.ts";
import { addIntakeAddress } from "./add-intake-address.ts";
import { type DownloadableContent, getAttachment, getRawMessage } from "./get-message-content.ts";
import { addIntakeAddressBody, idParams, quarantineQuery } from "./intake.schemas.ts";
import type { IntakeDeps } from "./intake-deps.ts";
import { inboundMessageViewSchema, intakeAddressViewSchema } from "./intake-views.ts";
import { listIntakeAddresses } from "./list-intake-addresses.ts";
import { listReportMessages, withAttachments } from "./list-report-messages.ts";
import { loadVisibleInboundMessage } from "./load-visible-inbound-message.ts";
import {
  deleteQuarantinedMessage,
  listQuarantine,
  releaseQuarantinedMessage,
} from "./quarantine.ts";

const tags = ["intake"];
const messageNotFound = errorResponses("UNAUTHENTICATED", "FORBIDDEN", "INBOUND_MESSAGE_NOT_FOUND");
const processResult = z.object({
  status: z.enum(["processed", "quarantined", "deleted", "missing"]),
  reportId: z.uuid().nullable(),
  incidentId: z.uuid().nullable(),
});

/** Sends stored bytes as a download: never rendered inline, never sniffed. */
function sendDownload(reply: FastifyReply, content: DownloadableContent) {
  const ascii = content.filename.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return reply
    .type(content.contentType)
    .header(
      "content-disposition",
      `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(content.filename)}`,
    )
    .header("x-content-type-options", "nosniff")
    .header("content-security-policy", "sandbox; default-src 'none'")
    .header("content-length", String(content.size))
    .send(content.stream);
}

export function intakeRoutes(app: HttpServer, db: Db, deps: IntakeDeps): void {
  app.get(
    "/api/intake/addresses",
    {
      schema: {
        tags,
        summary: "The addresses mail intake accepts (configured and from the team profile)",
        response: {
          200: z.object({ items: z.array(intakeAddressViewSchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN"),
        },
      },
    },
    async (req) => ({ items: await listIntakeAddresses(db, { actor: req.actor }) }),
  );

  app.post(
    "/api/intake/addresses",
    {
      schema: {
        tags,
        summary: "Accept mail for an address, in a tenant, for a purpose (admins)",
        body: addIntakeAddressBody,
        response: {
          201: intakeAddressViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "TENANT_NOT_FOUND",
            "INTAKE_ADDRESS_EXISTS",
          ),
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addIntakeAddress(db, { actor: req.actor, ...req.body })),
  );

  app.get(
    "/api/reports/:id/messages",
    {
      schema: {
        tags,
        summary:
          "E-mail messages filed on a report: decrypted text, sanitised HTML, crypto outcome",
        params: reportIdParams,
        response: {
          200: z.object({ items: z.array(inboundMessageViewSchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "REPORT_NOT_FOUND"),
        },
      },
    },
    async (req) => ({
      items: await listReportMessages(db, { actor: req.actor, reportId: req.params.id }),
    }),
  );

  app.get(
    "/api/intake/messages/:id",
    {
      schema: {
        tags,
        summary: "One inbound message",
        params: idParams,
        response: { 200: inboundMessageViewSchema, ...messageNotFound },
      },
    },
    async (req) => {
      const row = await loadVisibleInboundMessage(db, req.actor, req.params.id);
      const [view] = await withAttachments(db, [row]);
      return view;
    },
  );

  app.get(
    "/api/intake/messages/:id/raw",
    {
      schema: {
        tags,
        summary: "The message exactly as received (message/rfc822, as an attachment)",
        params: idParams,
        response: messageNotFound,
      },
    },
    async (req, reply) =>
      sendDownload(
        reply,
        await getRawMessage(db, deps.blobStore, { actor: req.actor, id: req.params.id }),
      ),
  );

  app.get(
    "/api/intake/attachments/:id",
    {
      schema: {
        tags,
        summary: "An attachment's bytes (always a download, nosniff)",
        params: idParams,
        response: errorResponses("UNAUTHENTICATED", "FORBIDDEN", "ATTACHMENT_NOT_FOUND"),
      },
    },
    async (req, reply) =>
      sendDownload(
        reply,
        await getAttachment(db, deps.blobStore, { actor: req.actor, id: req.params.id }),
      ),
  );

  app.get(
    "/api/quarantine",
    {
      schema: {
        tags,
        summary: "Quarantined messages with the reason (team members)",
        querystring: quarantineQuery,
        response: {
          200: z.object({ items: z.array(inboundMessageViewSchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN"),
        },
      },
    },
    async (req) => ({
      items: await listQuarantine(db, { actor: req.actor, limit: req.query.limit }),
    }),
  );

  app.post(
    "/api/quarantine/:id/release",
    {
      schema: {
        tags,
        summary: "Release a quarantined message: process it now, audited",
        params: idParams,
        response: { 200: processResult, ...messageNotFound },
      },
    },
    async (req) => releaseQuarantinedMessage(deps, { actor: req.actor, id: req.params.id }),
  );

  app.delete(
    "/api/quarantine/:id",
    {
      schema: {
        tags,
        summary: "Discard a quarantined message, audited",
        params: idParams,
        response: { 204: z.null(), ...messageNotFound },
      },
    },
    async (req, reply) => {
      await deleteQuarantinedMessage(db, { actor: req.actor, id: req.params.id });
      return reply.code(204).send(null);
    },
  );
}
