import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { createTenant } from "./create-tenant.ts";
import { listTenants } from "./list-tenants.ts";
import { tenantViewSchema } from "./tenant-view.ts";

export function tenantRoutes(app: HttpServer, db: Db): void {
  app.get(
    "/api/tenants",
    {
      schema: {
        tags: ["admin"],
        summary: "Constituencies the caller can see",
        response: {
          200: z.object({ items: z.array(tenantViewSchema) }),
          ...errorResponses("UNAUTHENTICATED"),
        },
      },
    },
    async (req) => ({ items: await listTenants(db, { actor: req.actor }) }),
  );

  app.post(
    "/api/tenants",
    {
      schema: {
        tags: ["admin"],
        summary: "Add a constituency (MSSP customer)",
        body: z.strictObject({
          slug: z
            .string()
            .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "lower-case letters, digits and dashes"),
          name: z.string().trim().min(1).max(200),
        }),
        response: {
          201: tenantViewSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "TENANT_SLUG_TAKEN"),
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createTenant(db, { actor: req.actor, ...req.body })),
  );
}
