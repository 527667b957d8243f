import assert from "node:assert/strict";
import { cp, glob, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";
import { is } from "drizzle-orm";
import { getTableConfig, PgTable } from "drizzle-orm/pg-core";
import {
  createTestDatabase,
  postgresUrl,
  type TestDatabase,
} from "../../../test/support/test-database.ts";
import { type Database, openDatabase, queryRows, sql } from "./client.ts";
import { migrate } from "./migrate.ts";

const migrationsDir = join(import.meta.dirname, "migrations");
const srcDir = join(import.meta.dirname, "../..");

let testDb: TestDatabase;
let database: Database;
let scratchDir: string;

before(async () => {
  testDb = await createTestDatabase({ migrate: false });
  database = testDb.database;
  scratchDir = await mkdtemp(join(tmpdir(), "vigil-migrations-"));
});

after(async () => {
  await testDb?.cleanup();
  if (scratchDir) await rm(scratchDir, { recursive: true, force: true });
});

async function shippedVersions(): Promise<string[]> {
  return (await readdir(migrationsDir))
    .filter((n) => n.endsWith(".sql"))
    .sort()
    .map((n) => n.replace(/\.sql$/, ""));
}

async function recordedVersions(db: Database): Promise<string[]> {
  const rows = await queryRows<{ version: string }>(
    db.db,
    sql`SELECT version FROM schema_migrations ORDER BY version`,
  );
  return rows.map((r) => r.version);
}

/** A copy of the shipped migrations that a test may change. */
async function copyOfMigrations(name: string): Promise<string> {
  const dir = join(scratchDir, name);
  await cp(migrationsDir, dir, { recursive: true });
  return dir;
}

describe("migrate", () => {
  test("a fresh database gets every migration, and a second run applies nothing", async () => {
    const versions = await shippedVersions();
    assert.ok(versions.length > 0);
    assert.deepEqual(await migrate(database), { applied: versions, alreadyApplied: 0 });
    assert.deepEqual(await recordedVersions(database), versions);
    const tenants = await queryRows<{ slug: string }>(database.db, sql`SELECT slug FROM tenants`);
    assert.deepEqual(tenants, [{ slug: "default" }], "seed data ran once");

    assert.deepEqual(await migrate(database), { applied: [], alreadyApplied: versions.length });
    assert.deepEqual(await recordedVersions(database), versions);
  });

  test("a new migration file is applied on the next run, and only it", async () => {
    const dir = await copyOfMigrations("added");
    await writeFile(
      join(dir, "9999_test_added.sql"),
      "CREATE TABLE migrate_test_added (id integer PRIMARY KEY);\n",
    );
    const before = await recordedVersions(database);
    assert.deepEqual(await migrate(database, dir), {
      applied: ["9999_test_added"],
      alreadyApplied: before.length,
    });
    assert.deepEqual(await recordedVersions(database), [...before, "9999_test_added"]);
  });

  test("a migration changed after it was applied is refused, naming it", async () => {
    const dir = await copyOfMigrations("changed");
    const [first] = await shippedVersions();
    await writeFile(join(dir, `${first}.sql`), "-- edited in place\n", { flag: "a" });
    await assert.rejects(migrate(database, dir), {
      message: `Migration ${first} was changed after it was applied; add a new migration instead.`,
    });
  });

  test("a failing migration leaves nothing behind", async () => {
    const dir = await copyOfMigrations("failing");
    await writeFile(
      join(dir, "9998_test_half.sql"),
      "CREATE TABLE migrate_test_half (id integer);\nSELECT no_such_function();\n",
    );
    const before = await recordedVersions(database);
    await assert.rejects(migrate(database, dir), /no_such_function/);
    assert.deepEqual(await recordedVersions(database), before);
    const tables = await queryRows<{ n: number }>(
      database.db,
      sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'migrate_test_half'`,
    );
    assert.deepEqual(tables, [{ n: 0 }]);
  });

  test("two nodes migrating the same fresh database at once apply each migration once", {
    skip: postgresUrl ? false : "needs PostgreSQL (DATABASE_URL)",
  }, async () => {
    const fresh = await createTestDatabase({ migrate: false });
    const nodeA = await openDatabase({ url: fresh.url, poolSize: 2 });
    const nodeB = await openDatabase({ url: fresh.url, poolSize: 2 });
    try {
      const versions = await shippedVersions();
      const results = await Promise.all([migrate(nodeA), migrate(nodeB)]);
      const appliedTotal = results.flatMap((r) => r.applied).sort();
      assert.deepEqual(appliedTotal, versions, "each migration applied by exactly one node");
      const counts = await queryRows<{ version: string; n: number }>(
        fresh.database.db,
        sql`SELECT version, count(*)::int AS n FROM schema_migrations GROUP BY version ORDER BY version`,
      );
      assert.deepEqual(
        counts,
        versions.map((version) => ({ version, n: 1 })),
      );
    } finally {
      await nodeA.close();
      await nodeB.close();
      await fresh.cleanup();
    }
  });
});

interface DbColumn {
  table_name: string;
  column_name: string;
  is_nullable: "YES" | "NO";
  data_type: string;
  udt_name: string;
}

/** information_schema spells arrays as ARRAY + `_elem`; Drizzle as `elem[]`. */
const sqlTypeOf = (c: DbColumn) =>
  c.data_type === "ARRAY" ? `${c.udt_name.slice(1)}[]` : c.data_type;

describe("schema drift", () => {
  test("every Drizzle column exists in the migrated schema with the same type and nullability", async () => {
    await migrate(database);
    const tables: PgTable[] = [];
    for await (const file of glob("**/*.tables.ts", { cwd: srcDir })) {
      const module = (await import(pathToFileURL(join(srcDir, file)).href)) as Record<
        string,
        unknown
      >;
      for (const value of Object.values(module)) if (is(value, PgTable)) tables.push(value);
    }
    const configs = tables.map((t) => getTableConfig(t));
    // Discovery sanity check: every module's tables are found without a list to maintain.
    const found = new Set(configs.map((c) => c.name));
    for (const name of ["tenants", "users", "incidents", "reports", "audit_log", "jobs"]) {
      assert.ok(found.has(name), `${name} discovered`);
    }

    const dbColumns = await queryRows<DbColumn>(
      database.db,
      sql`SELECT table_name, column_name, is_nullable, data_type, udt_name
          FROM information_schema.columns WHERE table_schema = current_schema()`,
    );
    const byKey = new Map(dbColumns.map((c) => [`${c.table_name}.${c.column_name}`, c]));
    const problems: string[] = [];
    for (const config of configs) {
      const declared = new Set<string>();
      for (const column of config.columns) {
        const key = `${config.name}.${column.name}`;
        declared.add(column.name);
        const actual = byKey.get(key);
        if (!actual) {
          problems.push(`${key} is declared in Drizzle but missing from the database`);
          continue;
        }
        if ((actual.is_nullable === "NO") !== column.notNull) {
          problems.push(
            `${key}: Drizzle says ${column.notNull ? "NOT NULL" : "nullable"}, the database ${actual.is_nullable === "NO" ? "NOT NULL" : "nullable"}`,
          );
        }
        if (sqlTypeOf(actual) !== column.getSQLType()) {
          problems.push(
            `${key}: Drizzle type ${column.getSQLType()}, database ${sqlTypeOf(actual)}`,
          );
        }
      }
      for (const c of dbColumns) {
        if (c.table_name === config.name && !declared.has(c.column_name)) {
          problems.push(
            `${config.name}.${c.column_name} exists in the database but not in Drizzle`,
          );
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});
