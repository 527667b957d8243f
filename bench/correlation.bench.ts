import { correlateObservables } from "../src/modules/correlation/correlate-observables.ts";
import type { Actor } from "../src/modules/identity/actor.ts";
import { localOperator } from "../src/modules/identity/actor.ts";
import { importIocs } from "../src/modules/iocs/import-iocs.ts";
import type { ObservableType } from "../src/modules/observables/observables-rules.ts";
import { createTenant } from "../src/modules/tenants/create-tenant.ts";
import { type Db, queryRows, sql } from "../src/platform/db/client.ts";
import { createTestDatabase } from "../test/support/test-database.ts";

const LOAD_BATCH = 250_000;
const REPORTS = 200;
const OBSERVABLES_PER_REPORT = 50;

function flag(name: string): number | undefined {
  const arg = process.argv.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split("=")[1]) : undefined;
}

/** IOC number i as (type, value): 40% IPv4, 10% /24 networks, 25% domains, 15% SHA-256, 5% URLs, 5% MD5. */
const generatedIoc = sql.raw(`
  CASE WHEN i % 20 < 8 THEN 'ipv4' WHEN i % 20 < 10 THEN 'cidr' WHEN i % 20 < 15 THEN 'domain'
       WHEN i % 20 < 18 THEN 'sha256' WHEN i % 20 = 18 THEN 'url' ELSE 'md5' END AS type,
  CASE WHEN i % 20 < 8 THEN host(('0.0.0.0'::inet + ((i::bigint * 2654435761) % 4294967296)))
       WHEN i % 20 < 10 THEN network(set_masklen('0.0.0.0'::inet + ((i::bigint * 40503 * 256) % 4294967296), 24))::text
       WHEN i % 20 < 15 THEN 'd' || i || '.example.com'
       WHEN i % 20 < 18 THEN encode(sha256(i::text::bytea), 'hex')
       WHEN i % 20 = 18 THEN 'https://u' || i || '.example.net/p'
       ELSE md5(i::text) END AS value`);

async function loadIocs(db: Db, n: number): Promise<number> {
  const started = performance.now();
  for (let from = 0; from < n; from += LOAD_BATCH) {
    const to = Math.min(n, from + LOAD_BATCH) - 1;
    await db.execute(sql`INSERT INTO iocs (type, value, addr, tlp, source)
      SELECT type, value, CASE WHEN type IN ('ipv4', 'cidr') THEN value::inet END, 'GREEN', 'bench'
      FROM (SELECT ${generatedIoc} FROM generate_series(${from}::int, ${to}::int) AS i) g
      ON CONFLICT DO NOTHING`);
    if (process.stderr.isTTY) process.stderr.write(`\r  loaded ${to + 1}/${n}`);
  }
  if (process.stderr.isTTY) process.stderr.write("\n");
  await db.execute(sql`ANALYZE iocs`);
  return performance.now() - started;
}

/** 50 observables per report: half drawn from the store (hits), half unknown. */
async function reportsToMatch(
  db: Db,
  n: number,
): Promise<{ type: ObservableType; value: string }[][]> {
  const hits = await queryRows<{ type: ObservableType; value: string }>(
    db,
    sql`SELECT ${generatedIoc} FROM (SELECT (random() * ${n - 1})::int AS i FROM generate_series(1, ${(REPORTS * OBSERVABLES_PER_REPORT) / 2})) s`,
  );
  const reports: { type: ObservableType; value: string }[][] = [];
  for (let r = 0; r < REPORTS; r++) {
    const items = hits.slice(
      (r * OBSERVABLES_PER_REPORT) / 2,
      ((r + 1) * OBSERVABLES_PER_REPORT) / 2,
    );
    for (let k = 0; k < OBSERVABLES_PER_REPORT / 2; k++) {
      items.push(
        k % 2 === 0
          ? { type: "ipv4", value: `192.0.2.${(r + k) % 256}` }
          : { type: "domain", value: `miss-${r}-${k}.example.org` },
      );
    }
    reports.push(items);
  }
  return reports;
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
};

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

/** The bare indexed lookup: exact (type, value) through the unique index, no visibility, no scope. */
function bareLookup(db: Db, items: { type: string; value: string }[]) {
  return queryRows(
    db,
    sql`SELECT x.id, x.type, x.value FROM unnest(${sql.param(items.map((i) => i.type))}::text[], ${sql.param(items.map((i) => i.value))}::text[]) AS q(type, value)
        JOIN iocs x ON x.type = q.type AND x.value = q.value`,
  );
}

function importRows(count: number, offset: number): { type: string; value: string }[] {
  return Array.from({ length: count }, (_, i) => {
    const n = offset + i;
    return n % 2 === 0
      ? { type: "domain", value: `import-${n}.example.com` }
      : { type: "ipv4", value: `100.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` };
  });
}

/**
 * Correlation over a large IOC store: the use case (visibility, scope, address
 * containment) against the bare indexed lookup of the same observables, and the
 * CSV import use case against a raw multi-row INSERT of the same rows.
 */
export async function correlationBenchmark(): Promise<void> {
  const testDb = await createTestDatabase();
  const db = testDb.database.db;
  const kind = testDb.database.kind;
  const n = flag("iocs") ?? (kind === "postgres" ? 10_000_000 : 1_000_000);
  const importCount = flag("import") ?? (kind === "postgres" ? 100_000 : 20_000);
  try {
    const loadMs = await loadIocs(db, n);
    process.stdout.write(
      `database: ${kind}; ${n.toLocaleString("en")} IOCs loaded in ${(loadMs / 1000).toFixed(1)} s (${Math.round(n / (loadMs / 1000)).toLocaleString("en")} rows/s, server-side batches of ${LOAD_BATCH.toLocaleString("en")})\n`,
    );

    const reports = await reportsToMatch(db, n);
    const actor: Actor = {
      userId: null,
      label: "bench",
      role: "handler",
      tenantId: null,
      scopes: null,
    };
    for (const items of reports.slice(0, 20)) {
      await correlateObservables(db, { actor, observables: items });
      await bareLookup(db, items);
    }
    const useCase: number[] = [];
    const bare: number[] = [];
    let hits = 0;
    for (const items of reports) {
      useCase.push(
        await time(async () => {
          const r = await correlateObservables(db, { actor, observables: items });
          hits += r.matches.reduce((s, m) => s + m.iocs.length, 0);
        }),
      );
      bare.push(await time(() => bareLookup(db, items)));
    }
    const line = (label: string, xs: number[]) =>
      `${label} p50 ${quantile(xs, 0.5).toFixed(2).padStart(7)} ms  p99 ${quantile(xs, 0.99).toFixed(2).padStart(7)} ms`;
    process.stdout.write(
      `matching ${REPORTS} reports x ${OBSERVABLES_PER_REPORT} observables (${hits} IOC hits)\n` +
        `  ${line("baseline bare indexed SQL  ", bare)}\n` +
        `  ${line("correlateObservables       ", useCase)}  ratio p50 ${(quantile(useCase, 0.5) / quantile(bare, 0.5)).toFixed(1)}x  p99 ${(quantile(useCase, 0.99) / quantile(bare, 0.99)).toFixed(1)}x\n`,
    );

    const rows = importRows(importCount, 0);
    const csv = rows.map((r) => `${r.type},${r.value}`).join("\n");
    const importMs = await time(() =>
      importIocs(db, {
        actor: localOperator,
        data: { format: "csv", csv },
        source: "bench import",
      }),
    );
    const other = await createTenant(db, { actor: localOperator, slug: "bench-raw", name: "Raw" });
    const rawMs = await time(async () => {
      for (let i = 0; i < rows.length; i += 1000) {
        const chunk = rows.slice(i, i + 1000);
        await db.execute(
          sql`INSERT INTO iocs (tenant_id, type, value, addr, source) VALUES ${sql.join(
            chunk.map(
              (r) =>
                sql`(${other.id}::uuid, ${r.type}, ${r.value}, ${r.type === "ipv4" ? r.value : null}::inet, 'raw')`,
            ),
            sql`, `,
          )}`,
        );
      }
    });
    const rate = (ms: number) => Math.round(importCount / (ms / 1000)).toLocaleString("en");
    process.stdout.write(
      `bulk import of ${importCount.toLocaleString("en")} IOCs (COPY is unavailable on PGlite; baseline is a raw multi-row INSERT)\n` +
        `  baseline raw INSERT x1000 rows   ${rate(rawMs).padStart(9)} IOCs/s\n` +
        `  importIocs (CSV parse+normalise+upsert+audit) ${rate(importMs).padStart(9)} IOCs/s  ratio ${(importMs / rawMs).toFixed(1)}x slower\n`,
    );
  } finally {
    await testDb.cleanup();
  }
}
