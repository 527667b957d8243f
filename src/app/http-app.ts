import { auditRoutes } from "../modules/audit/audit.routes.ts";
import { identityRoutes } from "../modules/identity/identity.routes.ts";
import { installRequestAuth } from "../modules/identity/request-auth.ts";
import { incidentRoutes } from "../modules/incidents/incidents.routes.ts";
import { keysRoutes } from "../modules/keys/keys.routes.ts";
import { reportRoutes } from "../modules/reports/reports.routes.ts";
import { taxonomyRoutes } from "../modules/taxonomy/taxonomy.routes.ts";
import { tenantRoutes } from "../modules/tenants/tenants.routes.ts";
import type { Database } from "../platform/db/client.ts";
import { createHttpServer, type HttpServer } from "../platform/http/create-http-server.ts";
import type { Config } from "./config.ts";
import { keysMailSettings } from "./keys-mail-config.ts";
import { systemRoutes } from "./system.routes.ts";
import { vigilVersion } from "./version.ts";

/**
 * Builds the HTTP application: the public API (`network`) or the same API on
 * the local admin socket (`local`, where the caller is the local operator).
 */
export async function buildHttpApp(
  database: Database,
  config: Config,
  mode: "network" | "local",
): Promise<HttpServer> {
  const secureCookies = config.baseUrl.startsWith("https://");
  const app = await createHttpServer({
    bodyLimitBytes: config.bodyLimitBytes,
    logLevel: mode === "local" ? "warn" : config.logLevel,
    version: vigilVersion,
    secureCookies,
  });
  const db = database.db;
  installRequestAuth(app, db, mode);
  systemRoutes(app, db, { version: vigilVersion, database: database.kind, roles: config.roles });
  identityRoutes(app, db, { sessionTtlHours: config.sessionTtlHours, secureCookies });
  tenantRoutes(app, db);
  reportRoutes(app, db);
  incidentRoutes(app, db);
  auditRoutes(app, db);
  taxonomyRoutes(app);
  keysRoutes(app, db, { keyPassphrase: keysMailSettings(config).keyPassphrase });
  await app.ready();
  return app;
}
