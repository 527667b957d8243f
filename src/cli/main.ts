import { isDomainError } from "../platform/errors.ts";
import { CliError } from "./api-client.ts";
import { auditCommand } from "./commands/audit.ts";
import { incidentsCommand, reportsCommand } from "./commands/cases.ts";
import { intakeCommand } from "./commands/intake.ts";
import { iocsCommand } from "./commands/iocs.ts";
import { keysCommand } from "./commands/keys.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { profileCommand } from "./commands/profile.ts";
import { psirtCommand } from "./commands/psirt.ts";
import { intakeMailboxCommand, smimeCommand } from "./commands/smime-intake.ts";
import { startCommand } from "./commands/start.ts";
import { testCommand } from "./commands/test.ts";
import { queueCommand, slaCommand, triageCommand } from "./commands/triage.ts";
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
  iocs import FILE      Bulk import IOCs (--format csv|stix) into the shared store
  queue                 Triage queue: priority, then SLA due time (filters, --q full text)
  triage ID             Record a triage decision (--impact --scope …): severity, priority, why
  sla ...               show | pause | resume | contained  (SLA clocks of an incident)
  audit verify|list     Verify or read the hash-chained audit log
  psirt ...             cases list|show|create | cve reserve ID | csaf ID (PSIRT, CVE, CSAF)
  profile ...           import | export | show | history | renew (RFC 2350, security.txt)
  keys ...              generate | import-secret | import | list  (OpenPGP team and contact keys)
  intake ...            address add|list | quarantine list|release|delete  (mail intake)
  intake mailbox ...    add | list | remove  (IMAP mailboxes polled by the imap role)
  smime ...             import | trust | untrust | list  (team S/MIME identity, signer trust anchors)

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
  iocs: iocsCommand,
  ioc: iocsCommand,
  report: reportsCommand,
  queue: queueCommand,
  triage: triageCommand,
  sla: slaCommand,
  audit: auditCommand,
  psirt: psirtCommand,
  profile: profileCommand,
  keys: keysCommand,
  // `intake mailbox …` (IMAP polling) lives beside the other intake commands.
  intake: (args) =>
    args[0] === "mailbox" ? intakeMailboxCommand(args.slice(1)) : intakeCommand(args),
  smime: smimeCommand,
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
