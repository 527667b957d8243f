import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { generateTeamKey } from "./generate-team-key.ts";
import { getTeamPublicKey } from "./get-team-public-key.ts";
import { importContactKeys } from "./import-contact-keys.ts";
import { importTeamSecretKey } from "./import-team-secret-key.ts";
import { teamKeyViewSchema } from "./key-views.ts";
import {
  fingerprintParams,
  generateTeamKeyBody,
  importContactKeysBody,
  importedContactKeysSchema,
  importTeamKeyBody,
  KEY_UPLOAD_LIMIT_BYTES,
  keyListSchema,
} from "./keys.schemas.ts";
import { listKeys } from "./list-keys.ts";

export interface KeyRouteOptions {
  /** The at-rest passphrase for team secret keys, derived from the instance secret. */
  keyPassphrase: () => string;
}

export function keysRoutes(app: HttpServer, db: Db, options: KeyRouteOptions): void {
  const { keyPassphrase } = options;

  app.get(
    "/api/keys",
    {
      schema: {
        tags: ["keys"],
        summary: "Team and contact OpenPGP keys, with hygiene warnings (team members)",
        response: { 200: keyListSchema, ...errorResponses("UNAUTHENTICATED", "FORBIDDEN") },
      },
    },
    async (req) => listKeys(db, { actor: req.actor }),
  );

  app.post(
    "/api/keys/contacts",
    {
      bodyLimit: KEY_UPLOAD_LIMIT_BYTES + 64 * 1024,
      schema: {
        tags: ["keys"],
        summary: "Import correspondents' armored public keys (several per upload)",
        body: importContactKeysBody,
        response: {
          201: importedContactKeysSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "KEY_INVALID", "PAYLOAD_TOO_LARGE"),
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await importContactKeys(db, { actor: req.actor, ...req.body })),
  );

  app.post(
    "/api/keys/team",
    {
      schema: {
        tags: ["keys"],
        summary: "Generate a team key (admin); the secret stays encrypted on the server",
        body: generateTeamKeyBody,
        response: {
          201: teamKeyViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "TENANT_NOT_FOUND",
            "SECRET_KEY_MISSING",
          ),
        },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await generateTeamKey(db, { actor: req.actor, keyPassphrase, ...req.body })),
  );

  app.post(
    "/api/keys/team/import",
    {
      bodyLimit: KEY_UPLOAD_LIMIT_BYTES + 64 * 1024,
      schema: {
        tags: ["keys"],
        summary: "Import an armored team secret key (admin)",
        body: importTeamKeyBody,
        response: {
          201: teamKeyViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "KEY_INVALID",
            "KEY_EXISTS",
            "KEY_UNUSABLE",
            "TENANT_NOT_FOUND",
            "SECRET_KEY_MISSING",
            "PAYLOAD_TOO_LARGE",
          ),
        },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await importTeamSecretKey(db, { actor: req.actor, keyPassphrase, ...req.body })),
  );

  app.get(
    "/api/keys/team/:fingerprint.asc",
    {
      config: { public: true },
      schema: {
        tags: ["keys"],
        summary: "A team key's armored public key (public: linked from security.txt)",
        security: [],
        params: fingerprintParams,
        response: {
          200: z.string().describe("application/pgp-keys"),
          ...errorResponses("KEY_NOT_FOUND"),
        },
      },
    },
    async (req, reply) =>
      reply
        .type("application/pgp-keys")
        .send(await getTeamPublicKey(db, { fingerprint: req.params.fingerprint })),
  );
}
