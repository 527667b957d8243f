import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import type { Sealer } from "../../platform/sealing/sealed-secret.ts";
import { addSmimeTrustAnchors } from "./add-smime-trust-anchors.ts";
import { importSmimeIdentity } from "./import-smime-identity.ts";
import { listSmime } from "./list-smime.ts";
import { removeSmimeTrustAnchor } from "./remove-smime-trust-anchor.ts";
import {
  addedTrustAnchorsSchema,
  addTrustAnchorsBody,
  certificateFingerprintParams,
  importSmimeIdentityBody,
  PEM_UPLOAD_LIMIT,
  smimeListSchema,
} from "./smime.schemas.ts";
import { smimeIdentityViewSchema } from "./smime-views.ts";

export function smimeRoutes(app: HttpServer, db: Db, options: { sealer: Sealer }): void {
  const bodyLimit = 3 * PEM_UPLOAD_LIMIT;

  app.get(
    "/api/smime",
    {
      schema: {
        tags: ["smime"],
        summary: "The team's S/MIME identities and trust anchors, with expiry warnings",
        response: { 200: smimeListSchema, ...errorResponses("UNAUTHENTICATED", "FORBIDDEN") },
      },
    },
    async (req) => listSmime(db, { actor: req.actor }),
  );

  app.post(
    "/api/smime/identities",
    {
      bodyLimit,
      schema: {
        tags: ["smime"],
        summary: "Import the team's S/MIME certificate and private key (admin; key sealed at rest)",
        body: importSmimeIdentityBody,
        response: {
          201: smimeIdentityViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "CERTIFICATE_INVALID",
            "CERTIFICATE_EXISTS",
            "TENANT_NOT_FOUND",
            "SECRET_KEY_MISSING",
          ),
        },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await importSmimeIdentity(db, { actor: req.actor, sealer: options.sealer, ...req.body }),
        ),
  );

  app.post(
    "/api/smime/trust-anchors",
    {
      bodyLimit,
      schema: {
        tags: ["smime"],
        summary: "Trust CA certificates for S/MIME signers (admin)",
        body: addTrustAnchorsBody,
        response: {
          201: addedTrustAnchorsSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "CERTIFICATE_INVALID"),
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await addSmimeTrustAnchors(db, { actor: req.actor, ...req.body })),
  );

  app.delete(
    "/api/smime/trust-anchors/:fingerprint",
    {
      schema: {
        tags: ["smime"],
        summary: "Stop trusting a CA for S/MIME signers (admin)",
        params: certificateFingerprintParams,
        response: {
          204: z.null(),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "CERTIFICATE_NOT_FOUND"),
        },
      },
    },
    async (req, reply) => {
      await removeSmimeTrustAnchor(db, { actor: req.actor, fingerprint: req.params.fingerprint });
      return reply.code(204).send(null);
    },
  );
}
