import { join, resolve } from "node:path";
import { z } from "zod";

/** The process roles a Vigil node can take; several stateless nodes may share one PostgreSQL. */
export const nodeRoles = ["api", "smtp", "imap", "worker"] as const;
export type NodeRole = (typeof nodeRoles)[number];

const port = z.coerce.number().int().min(0).max(65535);

const configSchema = z.object({
  databaseUrl: z.string().min(1).optional(),
  dataDir: z.string().min(1),
  httpHost: z.string().min(1),
  httpPort: port,
  smtpPort: port,
  baseUrl: z.url(),
  roles: z.array(z.enum(nodeRoles)).min(1),
  bodyLimitBytes: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  sessionTtlHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 90),
});

export type Config = z.infer<typeof configSchema>;

export interface ConfigOverrides {
  dataDir?: string | undefined;
  httpPort?: string | number | undefined;
  smtpPort?: string | number | undefined;
  roles?: string | undefined;
  databaseUrl?: string | undefined;
  baseUrl?: string | undefined;
  logLevel?: string | undefined;
}

/**
 * Reads configuration from the environment, then command-line overrides.
 * Throws a readable error naming the bad variable instead of starting half-configured.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: ConfigOverrides = {},
): Config {
  const httpPort = overrides.httpPort ?? env.VIGIL_HTTP_PORT ?? 8080;
  const httpHost = env.VIGIL_HTTP_HOST ?? "0.0.0.0";
  const rolesText = overrides.roles ?? env.VIGIL_ROLES ?? nodeRoles.join(",");
  const raw = {
    databaseUrl: overrides.databaseUrl ?? (env.DATABASE_URL || undefined),
    dataDir: resolve(overrides.dataDir ?? env.VIGIL_DATA_DIR ?? "data"),
    httpHost,
    httpPort,
    smtpPort: overrides.smtpPort ?? env.VIGIL_SMTP_PORT ?? 2525,
    baseUrl: overrides.baseUrl ?? env.VIGIL_BASE_URL ?? `http://localhost:${httpPort}`,
    roles: rolesText
      .split(",")
      .map((r) => r.trim())
      .filter(Boolean),
    bodyLimitBytes: env.VIGIL_BODY_LIMIT_BYTES ?? 1024 * 1024,
    logLevel: overrides.logLevel ?? env.VIGIL_LOG_LEVEL ?? "info",
    sessionTtlHours: env.VIGIL_SESSION_TTL_HOURS ?? 12,
  };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((i) => `${i.path.join(".") || "config"}: ${i.message}`)
      .join("; ");
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}

/** PGlite's files live in their own folder of the data directory (blobs and the lock beside it). */
export function embeddedDatabaseDir(config: Config): string {
  return join(config.dataDir, "pg");
}
