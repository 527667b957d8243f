import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Database } from "./client.ts";

const MIGRATIONS_DIR = join(import.meta.dirname, "migrations");
/** Arbitrary constant shared by every Vigil node: the migration advisory lock key. */
const MIGRATION_LOCK_KEY = 72_620_131;

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

interface MigrationFile {
  version: string;
  sql: string;
  checksum: string;
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => /^\d{4}_[a-z0-9_]+\.sql$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const text = await readFile(join(dir, name), "utf8");
      return {
        version: name.replace(/\.sql$/, ""),
        sql: text,
        checksum: createHash("sha256").update(text).digest("hex"),
      };
    }),
  );
}

/**
 * Applies pending versioned SQL migrations in one transaction, holding a
 * transaction-scoped advisory lock, so two nodes starting at once apply each
 * migration exactly once. An applied migration whose file changed is refused.
 */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<MigrationResult> {
  const files = await readMigrations(dir);
  return database.withRawTransaction(async (raw) => {
    await raw.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]);
    await raw.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const done = await raw.query<{ version: string; checksum: string }>(
      "SELECT version, checksum FROM schema_migrations",
    );
    const doneByVersion = new Map(done.map((r) => [r.version, r.checksum]));
    const applied: string[] = [];
    for (const file of files) {
      const known = doneByVersion.get(file.version);
      if (known !== undefined) {
        if (known !== file.checksum) {
          throw new Error(
            `Migration ${file.version} was changed after it was applied; add a new migration instead.`,
          );
        }
        continue;
      }
      await raw.exec(file.sql);
      await raw.query("INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)", [
        file.version,
        file.checksum,
      ]);
      applied.push(file.version);
    }
    return { applied, alreadyApplied: doneByVersion.size };
  });
}
