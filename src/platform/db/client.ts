import { PGlite } from "@electric-sql/pglite";
import { type SQL, sql } from "drizzle-orm";
import { drizzle as drizzleNodePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";

/** The Drizzle handle every use case receives; a transaction is also a `Db`. */
export type Db = PgDatabase<PgQueryResultHKT>;

/** Raw access used by the migrator (multi-statement SQL inside one transaction). */
export interface RawTx {
  exec(sqlText: string): Promise<void>;
  query<R>(sqlText: string, params?: unknown[]): Promise<R[]>;
}

export interface Database {
  readonly kind: "pglite" | "postgres";
  readonly db: Db;
  withRawTransaction<T>(fn: (raw: RawTx) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL connection string; when absent PGlite is used. */
  url?: string | undefined;
  /** PGlite data directory; absent means an in-memory database (tests). */
  dataDir?: string | undefined;
  poolSize?: number;
}

/** Opens PGlite (embedded) or a PostgreSQL pool, with the same Drizzle surface. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolSize ?? 10);
  return openPglite(options.dataDir);
}

async function openPglite(dataDir: string | undefined): Promise<Database> {
  const client = await PGlite.create(dataDir ?? "memory://");
  await client.exec("SET TIME ZONE 'UTC'");
  const db = drizzlePglite({ client }) as unknown as Db;
  return {
    kind: "pglite",
    db,
    withRawTransaction: (fn) =>
      client.transaction((tx) =>
        fn({
          exec: async (text) => {
            await tx.exec(text);
          },
          query: async <R>(text: string, params?: unknown[]) =>
            (await tx.query<R>(text, params)).rows,
        }),
      ),
    close: () => client.close(),
  };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  // JIT off: Vigil runs short OLTP queries, and plans PostgreSQL cannot estimate well
  // (inet `&&` against parameters) crossed the JIT threshold and spent 50–500 ms
  // compiling per call in the correlation benchmark.
  const pool = new pg.Pool({ connectionString: url, max, options: "-c TimeZone=UTC -c jit=off" });
  // An idle connection the server drops (restart, pg_terminate_backend, DROP DATABASE … FORCE)
  // is emitted here; without a listener it is an uncaught exception that kills the process.
  // The pool has already discarded the client and opens a new one on the next query.
  pool.on("error", () => {});
  // Fail fast with a readable error instead of on the first request.
  const probe = await pool.connect();
  probe.release();
  const db = drizzleNodePg({ client: pool }) as unknown as Db;
  return {
    kind: "postgres",
    db,
    async withRawTransaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn({
          exec: async (text) => {
            await client.query(text);
          },
          query: async <R>(text: string, params?: unknown[]) =>
            (await client.query(text, params)).rows as R[],
        });
        await client.query("COMMIT");
        return result;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Runs raw SQL and returns its rows; both drivers expose `rows`. */
export async function queryRows<R>(db: Db, query: SQL): Promise<R[]> {
  const result = (await db.execute(query)) as unknown as { rows: R[] };
  return result.rows;
}

export { sql };
