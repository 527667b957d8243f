import { withOwnedDatabase } from "../../app/open-owned-database.ts";
import { CliError } from "../api-client.ts";
import { configFrom, parse } from "../args.ts";

/** Applies migrations and exits (deployments run it before rolling nodes). */
export async function migrateCommand(args: string[]): Promise<number> {
  const { values } = parse(args, {}, "Usage:\n  vigil migrate [--data-dir DIR]");
  await withOwnedDatabase(
    configFrom(values),
    async () => {
      process.stdout.write("Database schema is up to date.\n");
    },
    async (owner) => {
      throw new CliError(
        `The data directory is in use by process ${owner.pid}; a running server has already migrated it.`,
      );
    },
  );
  return 0;
}
