import { embeddedDatabaseDir } from "../../app/config.ts";
import { acquireDataDir } from "../../app/data-dir-lock.ts";
import { openDatabase } from "../../platform/db/client.ts";
import { migrate } from "../../platform/db/migrate.ts";
import { CliError } from "../api-client.ts";
import { configFrom, parse } from "../args.ts";

/** Applies migrations and exits (deployments run it before rolling nodes). */
export async function migrateCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {}, "Usage:\n  vigil migrate [--data-dir DIR]");
  const config = configFrom(values);
  let release: (() => void) | undefined;
  if (!config.databaseUrl) {
    const lock = acquireDataDir(config.dataDir, "cli", null);
    if (!lock.ok) {
      throw new CliError(
        `The data directory is in use by process ${lock.owner.pid}; a running server has already migrated it.`,
      );
    }
    release = lock.release;
  }
  try {
    const database = await openDatabase({
      url: config.databaseUrl,
      dataDir: embeddedDatabaseDir(config),
    });
    try {
      const { applied, alreadyApplied } = await migrate(database);
      process.stdout.write(
        applied.length > 0
          ? `Applied ${applied.join(", ")} (${alreadyApplied} already applied).\n`
          : `Up to date (${alreadyApplied} migrations applied).\n`,
      );
    } finally {
      await database.close();
    }
  } finally {
    release?.();
  }
  return 0;
}
