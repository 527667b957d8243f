import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { caseIdParams } from "../psirt/psirt.schemas.ts";
import type { PsirtSettings } from "../psirt/psirt-settings.ts";
import { getCsafPreview } from "./get-csaf-preview.ts";
import {
  getAdvisoryText,
  getDirectoryChanges,
  getDirectoryFile,
  getDirectoryIndex,
  getProviderMetadata,
} from "./provider-directory.ts";
import { publishAdvisory } from "./publish-advisory.ts";
import { shareCaseDocument } from "./share-case-document.ts";
import { addSubscriber, listSubscribers } from "./subscribers.ts";

const tags = ["advisories"];
const caseErrors = (...more: Parameters<typeof errorResponses>) =>
  errorResponses("UNAUTHENTICATED", "FORBIDDEN", "PSIRT_CASE_NOT_FOUND", ...more);
const fileParams = z.object({
  year: z.string().regex(/^\d{4}$/),
  file: z
    .string()
    .regex(/^[+\-a-z0-9_]+\.json(\.sha512|\.asc)?$/)
    .max(200),
});
const subscriberSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  email: z.string(),
  name: z.string(),
});
const publicRoute = { public: true };

export function advisoryRoutes(app: HttpServer, db: Db, settings: PsirtSettings): void {
  app.get(
    "/api/psirt/cases/:id/csaf",
    {
      schema: {
        tags,
        summary:
          "The case's CSAF 2.0 security advisory as it would be published next (review copy)",
        params: caseIdParams,
        response: { 200: z.record(z.string(), z.unknown()), ...caseErrors() },
      },
    },
    async (req) => getCsafPreview(db, { actor: req.actor, id: req.params.id, settings }),
  );

  app.post(
    "/api/psirt/cases/:id/publish",
    {
      schema: {
        tags,
        summary: "Publish the signed CSAF advisory (after the embargo) and mail subscribers",
        params: caseIdParams,
        response: {
          200: z.object({
            trackingId: z.string(),
            revision: z.number().int(),
            fileName: z.string(),
            url: z.string(),
            htmlUrl: z.string(),
            sha512: z.string(),
            signerFingerprint: z.string(),
            subscribers: z.number().int(),
          }),
          ...caseErrors(
            "EMBARGO_ACTIVE",
            "INVALID_TRANSITION",
            "ADVISORY_INVALID",
            "KEY_NOT_FOUND",
          ),
        },
      },
    },
    async (req) => publishAdvisory(db, { actor: req.actor, id: req.params.id, settings }),
  );

  app.post(
    "/api/psirt/cases/:id/share",
    {
      schema: {
        tags,
        summary: "Mail the draft CSAF or CVE record, signed; under embargo to parties only",
        params: caseIdParams,
        body: z.strictObject({
          format: z.enum(["csaf", "cve"]),
          recipients: z.array(z.email().max(254)).min(1).max(50),
        }),
        response: {
          200: z.object({ queued: z.number().int() }),
          ...caseErrors("EMBARGO_ACTIVE", "CVE_NOT_ASSIGNED", "KEY_NOT_FOUND"),
        },
      },
    },
    async (req) =>
      shareCaseDocument(db, { actor: req.actor, id: req.params.id, settings, ...req.body }),
  );

  app.get(
    "/api/psirt/subscribers",
    {
      schema: {
        tags,
        summary: "Addresses that receive published advisories",
        response: {
          200: z.object({ items: z.array(subscriberSchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN"),
        },
      },
    },
    async (req) => ({ items: await listSubscribers(db, { actor: req.actor }) }),
  );

  app.post(
    "/api/psirt/subscribers",
    {
      schema: {
        tags,
        summary: "Subscribe an address to published advisories",
        body: z.strictObject({
          email: z.email().max(254),
          name: z.string().max(200).optional(),
          tenant: z.string().max(64).optional(),
        }),
        response: {
          201: subscriberSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "TENANT_NOT_FOUND"),
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addSubscriber(db, { actor: req.actor, ...req.body })),
  );

  app.get(
    "/.well-known/csaf/provider-metadata.json",
    {
      config: publicRoute,
      schema: {
        tags,
        summary: "CSAF 2.0 provider metadata (trusted provider); public",
        security: [],
        response: { 200: z.record(z.string(), z.unknown()) },
      },
    },
    async () => getProviderMetadata(db, settings),
  );

  for (const [name, load] of [
    ["index.txt", getDirectoryIndex],
    ["changes.csv", getDirectoryChanges],
  ] as const) {
    app.get(
      `/.well-known/csaf/white/${name}`,
      {
        config: publicRoute,
        schema: { tags, summary: `CSAF directory ${name}; public`, security: [] },
      },
      async (_req, reply) =>
        reply
          .type(name.endsWith(".csv") ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8")
          .send(await load(db)),
    );
  }

  app.get(
    "/.well-known/csaf/white/:year/:file",
    {
      config: publicRoute,
      schema: {
        tags,
        summary: "A published CSAF document, its .sha512 or its .asc signature; public",
        security: [],
        params: fileParams,
        response: { 200: z.string(), ...errorResponses("ADVISORY_NOT_FOUND") },
      },
    },
    async (req, reply) => {
      const { year, file } = req.params;
      const kind = file.endsWith(".sha512") ? "sha512" : file.endsWith(".asc") ? "asc" : "json";
      const fileName = file.replace(/\.(sha512|asc)$/, "");
      const body = await getDirectoryFile(db, { year, fileName, kind });
      const type = {
        json: "application/json",
        sha512: "text/plain; charset=utf-8",
        asc: "application/pgp-signature",
      }[kind];
      return reply.type(type).send(body);
    },
  );

  app.get(
    "/advisories/:file",
    {
      config: publicRoute,
      schema: {
        tags,
        summary: "A published advisory, human-readable (.html or .md); public",
        security: [],
        params: z.object({
          file: z
            .string()
            .regex(/^[+\-a-z0-9_]+\.(html|md)$/)
            .max(200),
        }),
        response: { 200: z.string(), ...errorResponses("ADVISORY_NOT_FOUND") },
      },
    },
    async (req, reply) => {
      const format = req.params.file.endsWith(".html") ? "html" : "md";
      const fileName = req.params.file.replace(/\.(html|md)$/, ".json");
      const body = await getAdvisoryText(db, { fileName, format });
      return reply
        .type(format === "html" ? "text/html; charset=utf-8" : "text/markdown; charset=utf-8")
        .header("Content-Security-Policy", "default-src 'none'")
        .send(body);
    },
  );
}
