import { randomBytes } from "node:crypto";
import pg from "pg";
import { type Database, openDatabase } from "../../src/platform/db/client.ts";
import { migrate } from "../../src/platform/db/migrate.ts";

export interface TestDatabase {
  database: Database;
  /** Connection string of the fresh database (PostgreSQL runs only). */
  url: string | undefined;
  cleanup(): Promise<void>;
}

/** The server under test, when the suite runs against PostgreSQL. */
export const postgresUrl = process.env.DATABASE_URL || undefined;

/**
 * A fresh, migrated database per call: in-memory PGlite by default, or a new
 * database on the PostgreSQL server named by DATABASE_URL (dropped afterwards).
 */
export async function createTestDatabase(
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  if (!postgresUrl) {
    const database = await openDatabase({});
    if (options.migrate !== false) await migrate(database);
    return { database, url: undefined, cleanup: () => database.close() };
  }
  const name = `vigil_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 5 });
  if (options.migrate !== false) await migrate(database);
  return {
    database,
    url: url.toString(),
    async cleanup() {
      await database.close();
      const drop = new pg.Client({ connectionString: postgresUrl });
      await drop.connect();
      await drop.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await drop.end();
    },
  };
}
