import { z } from "zod";
import type { Db } from "../platform/db/client.ts";
import { pingDatabase } from "../platform/db/ping.ts";
import type { HttpServer } from "../platform/http/create-http-server.ts";

export interface SystemInfo {
  version: string;
  database: "pglite" | "postgres";
  roles: readonly string[];
}

export function systemRoutes(app: HttpServer, db: Db, info: SystemInfo): void {
  app.get(
    "/api/health",
    {
      config: { public: true },
      schema: {
        tags: ["system"],
        summary: "Liveness and database reachability",
        security: [],
        response: {
          200: z.object({
            status: z.literal("ok"),
            version: z.string(),
            database: z.enum(["pglite", "postgres"]),
            roles: z.array(z.string()),
            time: z.iso.datetime(),
          }),
        },
      },
    },
    async () => {
      await pingDatabase(db);
      return {
        status: "ok" as const,
        version: info.version,
        database: info.database,
        roles: [...info.roles],
        time: new Date().toISOString(),
      };
    },
  );

  app.get(
    "/api/openapi.json",
    { config: { public: true }, schema: { hide: true } as object },
    async () => app.swagger(),
  );
}
