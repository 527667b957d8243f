import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { expectedVersion, setEtag } from "../../platform/http/versioning.ts";
import { getProfile } from "./get-profile.ts";
import { getSecurityTxt } from "./get-security-txt.ts";
import { importProfile } from "./import-profile.ts";
import {
  exportQuery,
  exportResultSchema,
  historyEntrySchema,
  historyVersionSchema,
  importProfileBody,
  importResultSchema,
  profileViewSchema,
  renewBody,
  revisionParams,
  updateProfileBody,
} from "./profile.schemas.ts";
import { getProfileVersion, listProfileHistory } from "./profile-history.ts";
import { type ProfilePublishing, securityTxtPath } from "./profile-rules.ts";
import { exportProfile, publishProfile } from "./publish-profile.ts";
import { renewSecurityTxt } from "./renew-security-txt.ts";
import { updateProfile } from "./update-profile.ts";

const tags = ["profile"];
const readErrors = errorResponses("UNAUTHENTICATED", "FORBIDDEN", "PROFILE_NOT_FOUND");
const publishErrors = errorResponses(
  "PROFILE_NOT_FOUND",
  "PROFILE_KEY_MISMATCH",
  "PROFILE_INCOMPLETE",
  "KEY_NOT_FOUND",
  "KEY_UNUSABLE",
);
const text = z.string().describe("text/plain");

/** The public RFC 2350 documents and security.txt, and the admin API that edits the profile. */
export function profileRoutes(app: HttpServer, db: Db, publishing: ProfilePublishing): void {
  const publicFormats = [
    ["txt", "text", true],
    ["md", "markdown", false],
    ["html", "html", false],
  ] as const;
  for (const [extension, format, sign] of publicFormats) {
    app.get(
      `${publishing.rfc2350Path}.${extension}`,
      {
        config: { public: true },
        schema: {
          tags,
          summary: `The team's RFC 2350 document (${format}${sign ? ", PGP cleartext-signed" : ""}; public)`,
          security: [],
          response: { 200: text, ...publishErrors },
        },
      },
      async (_req, reply) => {
        const doc = await publishProfile(db, { format, sign, publishing });
        return reply.type(doc.contentType).send(doc.content);
      },
    );
  }

  app.get(
    securityTxtPath,
    {
      config: { public: true },
      schema: {
        tags,
        summary: "security.txt (RFC 9116) from the profile, cleartext-signed (public)",
        security: [],
        response: { 200: text, ...publishErrors },
      },
    },
    async (_req, reply) =>
      reply.type("text/plain; charset=utf-8").send(await getSecurityTxt(db, { publishing })),
  );

  app.get(
    "/api/profile",
    {
      schema: {
        tags,
        summary: "The team profile (RFC 2350 as data) with the fingerprint check of each key",
        response: { 200: profileViewSchema, ...readErrors },
      },
    },
    async (req, reply) => {
      const view = await getProfile(db, { actor: req.actor });
      setEtag(reply, view.revision);
      return view;
    },
  );

  app.put(
    "/api/profile",
    {
      schema: {
        tags,
        summary: "Edit the profile (admin): a new document version; If-Match or version required",
        body: updateProfileBody,
        response: {
          200: profileViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "VERSION_CONFLICT",
            "PRECONDITION_REQUIRED",
            "PROFILE_KEY_MISMATCH",
          ),
        },
      },
    },
    async (req, reply) => {
      const view = await updateProfile(db, {
        actor: req.actor,
        profile: req.body.profile,
        expectedRevision: expectedVersion(req, req.body.version),
        securityTxtDays: publishing.securityTxtDays,
      });
      setEtag(reply, view.revision);
      return view;
    },
  );

  app.post(
    "/api/profile/import",
    {
      bodyLimit: 2 * 1024 * 1024,
      schema: {
        tags,
        summary: "Import an RFC 2350 text as the current profile (admin)",
        body: importProfileBody,
        response: {
          200: importResultSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "VERSION_CONFLICT"),
        },
      },
    },
    async (req, reply) => {
      const view = await importProfile(db, {
        actor: req.actor,
        text: req.body.text,
        expectedRevision: req.body.version,
        securityTxtDays: publishing.securityTxtDays,
      });
      setEtag(reply, view.revision);
      return view;
    },
  );

  app.get(
    "/api/profile/history",
    {
      schema: {
        tags,
        summary: "Every revision of the profile, newest first",
        response: {
          200: z.object({ items: z.array(historyEntrySchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN"),
        },
      },
    },
    async (req) => ({ items: await listProfileHistory(db, { actor: req.actor }) }),
  );

  app.get(
    "/api/profile/history/:revision",
    {
      schema: {
        tags,
        summary: "One past revision of the profile",
        params: revisionParams,
        response: { 200: historyVersionSchema, ...readErrors },
      },
    },
    async (req) => getProfileVersion(db, { actor: req.actor, revision: req.params.revision }),
  );

  app.get(
    "/api/profile/export",
    {
      schema: {
        tags,
        summary: "Render the profile as text, Markdown or HTML, optionally signed (team members)",
        querystring: exportQuery,
        response: {
          200: exportResultSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN"),
          ...publishErrors,
        },
      },
    },
    async (req) => exportProfile(db, { actor: req.actor, ...req.query, publishing }),
  );

  app.post(
    "/api/profile/security-txt/renew",
    {
      schema: {
        tags,
        summary: "Move security.txt's Expires ahead without a new document version (admin)",
        body: renewBody,
        response: {
          200: z.object({ securityTxtExpiresAt: z.iso.datetime() }),
          ...readErrors,
        },
      },
    },
    async (req) =>
      renewSecurityTxt(db, {
        actor: req.actor,
        days: req.body.days ?? publishing.securityTxtDays,
      }),
  );
}
