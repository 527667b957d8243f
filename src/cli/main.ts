import { isDomainError } from "../platform/errors.ts";
import { CliError } from "./api-client.ts";
import { auditCommand } from "./commands/audit.ts";
import { incidentsCommand, reportsCommand } from "./commands/cases.ts";
import { keysCommand } from "./commands/keys.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { startCommand } from "./commands/start.ts";
import { testCommand } from "./commands/test.ts";
import { tenantCommand, tokenCommand, userCommand } from "./commands/users.ts";

const usage = `Vigil — CSIRT/PSIRT platform

Usage: ./vigil <command> [options]   (every command takes --help)

  start                 Start Vigil (API, worker; embedded PGlite in ./data unless DATABASE_URL)
  test                  Lint, format check, typecheck, dependency rules and all tests
  migrate               Apply database migrations and exit
  user add|list|set     Manage users
  token create          Create an API token (prints only the token)
  tenant add|list       Manage tenants (constituencies)
  incidents ...         list | show | create | status | timeline
  reports ...           list | show | create | link | merge
  audit verify|list     Verify or read the hash-chained audit log
  keys ...              generate | import-secret | import | list  (OpenPGP team and contact keys)

Commands that need the embedded database work while the server runs: they talk to
it through its admin socket (data/vigil.sock).`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  start: startCommand,
  test: testCommand,
  migrate: migrateCommand,
  user: userCommand,
  users: userCommand,
  token: tokenCommand,
  tenant: tenantCommand,
  tenants: tenantCommand,
  incidents: incidentsCommand,
  incident: incidentsCommand,
  reports: reportsCommand,
  report: reportsCommand,
  audit: auditCommand,
  keys: keysCommand,
};

// `vigil reports list --json | head` must end quietly, not with EPIPE.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help" || name === "-h") {
    process.stdout.write(`${usage}\n`);
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`Unknown command "${name}".\n\n${usage}\n`);
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof CliError || isDomainError(err)) {
      process.stderr.write(`vigil: ${err.message}\n`);
      process.exitCode = err instanceof CliError ? err.exitCode : 1;
      return;
    }
    process.stderr.write(
      `vigil: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
