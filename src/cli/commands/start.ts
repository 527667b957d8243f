import { loadConfig } from "../../app/config.ts";
import { startNode } from "../../app/start-node.ts";
import { vigilVersion } from "../../app/version.ts";
import { queryRows, sql } from "../../platform/db/client.ts";
import { parse } from "../args.ts";
import { ensureWebBuild } from "../web-build.ts";

const usage = `Usage:
  vigil start [--data-dir DIR] [--http-port N] [--smtp-port N] [--roles api,smtp,imap,worker] [--base-url URL]
Environment: DATABASE_URL, VIGIL_DATA_DIR, VIGIL_HTTP_PORT, VIGIL_SMTP_PORT, VIGIL_SMTP_MAX_BYTES,
  VIGIL_SMTP_TLS_CERT, VIGIL_SMTP_TLS_KEY, VIGIL_BASE_URL, VIGIL_ROLES`;

/** Starts a Vigil node and prints where it is and how to log in the first time. */
export async function startCommand(args: string[]): Promise<number> {
  const { values } = parse(
    args,
    {
      "http-port": { type: "string" },
      "smtp-port": { type: "string" },
      roles: { type: "string" },
      "base-url": { type: "string" },
    },
    usage,
  );
  const config = loadConfig(process.env, {
    dataDir: values["data-dir"],
    httpPort: values["http-port"],
    smtpPort: values["smtp-port"],
    roles: values.roles,
    baseUrl: values["base-url"],
  });
  if (config.roles.includes("api")) {
    ensureWebBuild((line) => process.stderr.write(`${line}\n`));
  }
  const node = await startNode(config);
  const [users] = await queryRows<{ n: number }>(
    node.database.db,
    sql`SELECT count(*)::int AS n FROM users`,
  );
  const out = process.stdout;
  out.write(`\nVigil ${vigilVersion} is running.\n`);
  if (node.httpUrl) {
    out.write(`  Console:   ${node.httpUrl}/  (web console and constituent portal)\n`);
    out.write(`  API:       ${node.httpUrl}/api  (OpenAPI: ${node.httpUrl}/api/openapi.json)\n`);
  }
  out.write(
    `  Database:  ${config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${config.dataDir}`}\n`,
  );
  out.write(`  Roles:     ${config.roles.join(", ")}\n`);
  if (node.smtpAddress) {
    const addresses = await queryRows<{ address: string; purpose: string }>(
      node.database.db,
      sql`SELECT address, purpose FROM intake_addresses ORDER BY address`,
    );
    out.write(`  SMTP:      ${node.smtpAddress}  (mail intake)\n`);
    out.write(
      addresses.length > 0
        ? `  Intake:    ${addresses.map((a) => `${a.address} (${a.purpose})`).join(", ")}\n`
        : "  Intake:    no address yet: ./vigil intake address add cert@example.org\n",
    );
  }
  if (node.migrationsApplied.length > 0) {
    out.write(`  Migrations applied: ${node.migrationsApplied.join(", ")}\n`);
  }
  if ((users?.n ?? 0) === 0) {
    out.write(
      "\nFirst login: no user exists yet. In another terminal, from this directory:\n" +
        "  ./vigil user add --email you@example.org --role admin     # prints a generated password once\n" +
        "  ./vigil token create --email you@example.org              # prints an API token\n" +
        `  curl -H "Authorization: Bearer <token>" ${node.httpUrl ?? config.baseUrl}/api/incidents\n` +
        `Then open ${node.httpUrl ?? config.baseUrl}/ in a browser and log in with that e-mail and password.\n`,
    );
  } else {
    out.write(
      `\nLog in at ${node.httpUrl ?? config.baseUrl} or use an API token (./vigil token create --email E).\n`,
    );
  }
  out.write("Press Ctrl+C to stop.\n\n");

  await new Promise<void>((resolve) => {
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      out.write(`\n${signal}: stopping Vigil ...\n`);
      node.stop().then(resolve, (err) => {
        process.stderr.write(`error while stopping: ${(err as Error).message}\n`);
        resolve();
      });
    };
    process.once("SIGINT", () => shutdown("SIGINT"));
    process.once("SIGTERM", () => shutdown("SIGTERM"));
  });
  return 0;
}
