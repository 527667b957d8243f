import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { listAuditRecords } from "./list-audit-records.ts";
import { verifyAuditChain } from "./verify-audit-chain.ts";

const auditItem = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorId: z.uuid().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  tenantId: z.uuid().nullable(),
  data: z.unknown(),
  hash: z.string(),
  prevHash: z.string(),
});

export function auditRoutes(app: HttpServer, db: Db): void {
  app.get(
    "/api/audit",
    {
      schema: {
        tags: ["audit"],
        summary: "Audit records in chain order (auditor, admin)",
        querystring: z.strictObject({
          afterSeq: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          entityType: z.string().max(40).optional(),
          entityId: z.string().max(64).optional(),
        }),
        response: {
          200: z.object({ items: z.array(auditItem) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN"),
        },
      },
    },
    async (req) => ({ items: await listAuditRecords(db, { actor: req.actor, ...req.query }) }),
  );

  app.get(
    "/api/audit/verify",
    {
      schema: {
        tags: ["audit"],
        summary: "Re-verify the whole hash chain; names the first broken record",
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number().int(),
            lastSeq: z.number().int(),
            lastHash: z.string(),
            firstBroken: z.object({ seq: z.number().int(), reason: z.string() }).nullable(),
          }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN"),
        },
      },
    },
    async (req) => verifyAuditChain(db, req.actor),
  );
}
