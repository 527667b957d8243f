import { type Database, openDatabase } from "../platform/db/client.ts";
import { migrate } from "../platform/db/migrate.ts";
import { type Config, embeddedDatabaseDir } from "./config.ts";
import { acquireDataDir, type DataDirOwner } from "./data-dir-lock.ts";

/**
 * Opens the configured database for a short-lived process (CLI), migrated, and
 * closes it afterwards. The embedded directory is locked for the duration; when
 * another process holds it, `onBusy` decides what happens instead.
 */
export async function withOwnedDatabase<T>(
  config: Config,
  fn: (database: Database) => Promise<T>,
  onBusy: (owner: DataDirOwner) => Promise<T>,
): Promise<T> {
  let release: (() => void) | undefined;
  if (!config.databaseUrl) {
    const lock = acquireDataDir(config.dataDir, "cli", null);
    if (!lock.ok) return onBusy(lock.owner);
    release = lock.release;
  }
  try {
    const database = await openDatabase({
      url: config.databaseUrl,
      dataDir: embeddedDatabaseDir(config),
    });
    try {
      await migrate(database);
      return await fn(database);
    } finally {
      await database.close();
    }
  } finally {
    release?.();
  }
}
