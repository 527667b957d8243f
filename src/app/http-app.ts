import { advisoryRoutes } from "../modules/advisories/advisories.routes.ts";
import { assetRoutes } from "../modules/assets/assets.routes.ts";
import { auditRoutes } from "../modules/audit/audit.routes.ts";
import { correlationRoutes } from "../modules/correlation/correlation.routes.ts";
import { identityRoutes } from "../modules/identity/identity.routes.ts";
import { installRequestAuth } from "../modules/identity/request-auth.ts";
import { incidentRoutes } from "../modules/incidents/incidents.routes.ts";
import { imapRoutes } from "../modules/intake/imap/imap.routes.ts";
import { intakeRoutes } from "../modules/intake/intake.routes.ts";
import { iocRoutes } from "../modules/iocs/iocs.routes.ts";
import { keysRoutes } from "../modules/keys/keys.routes.ts";
import { notificationRoutes } from "../modules/notifications/notifications.routes.ts";
import { observableRoutes } from "../modules/observables/observables.routes.ts";
import { profileRoutes } from "../modules/profile/profile.routes.ts";
import { psirtRoutes } from "../modules/psirt/psirt.routes.ts";
import { reportRoutes } from "../modules/reports/reports.routes.ts";
import { slaRoutes } from "../modules/sla/sla.routes.ts";
import { smimeRoutes } from "../modules/smime/smime.routes.ts";
import { taxonomyRoutes } from "../modules/taxonomy/taxonomy.routes.ts";
import { tenantRoutes } from "../modules/tenants/tenants.routes.ts";
import { triageRoutes } from "../modules/triage/triage.routes.ts";
import type { Database } from "../platform/db/client.ts";
import { createHttpServer, type HttpServer } from "../platform/http/create-http-server.ts";
import type { Config } from "./config.ts";
import { imapSmimeSealers } from "./imap-smime-config.ts";
import { intakeDependencies } from "./intake-config.ts";
import { keysMailSettings } from "./keys-mail-config.ts";
import { profilePublishing } from "./profile-config.ts";
import { psirtSettings } from "./psirt-config.ts";
import { systemRoutes } from "./system.routes.ts";
import { vigilVersion } from "./version.ts";
import { webDistDir, webRoutes } from "./web.routes.ts";

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
  intakeRoutes(app, db, intakeDependencies(db, config));
  incidentRoutes(app, db);
  observableRoutes(app, db);
  iocRoutes(app, db);
  correlationRoutes(app, db);
  auditRoutes(app, db);
  taxonomyRoutes(app);
  triageRoutes(app, db);
  slaRoutes(app, db);
  assetRoutes(app, db);
  notificationRoutes(app, db);
  keysRoutes(app, db, { keyPassphrase: keysMailSettings(config).keyPassphrase });
  const sealers = imapSmimeSealers(config);
  imapRoutes(app, db, { sealer: sealers.mailboxPasswords });
  smimeRoutes(app, db, { sealer: sealers.smimeKeys });
  profileRoutes(app, db, profilePublishing(config, keysMailSettings(config).keyPassphrase));
  // The web console and portal; the admin socket serves only the API.
  if (mode === "network") await webRoutes(app, { distDir: webDistDir });
  const psirt = psirtSettings(config);
  psirtRoutes(app, db, psirt);
  advisoryRoutes(app, db, psirt.settings);
  await app.ready();
  return app;
}
