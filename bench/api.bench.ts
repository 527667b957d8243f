import { loadConfig } from "../src/app/config.ts";
import { buildHttpApp } from "../src/app/http-app.ts";
import { localOperator } from "../src/modules/identity/actor.ts";
import { createApiToken } from "../src/modules/identity/create-api-token.ts";
import { createUser } from "../src/modules/identity/create-user.ts";
import { createIncident } from "../src/modules/incidents/create-incident.ts";
import { createTestDatabase } from "../test/support/test-database.ts";

interface Stats {
  n: number;
  rps: number;
  p50: number;
  p99: number;
}

async function load(
  url: string,
  token: string,
  total: number,
  concurrency: number,
): Promise<Stats> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const workers = Array.from({ length: concurrency }, async () => {
    while (next < total) {
      next++;
      const t0 = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${url} answered ${res.status}`);
      latencies.push(performance.now() - t0);
    }
  });
  await Promise.all(workers);
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { n: latencies.length, rps: latencies.length / seconds, p50: at(0.5), p99: at(0.99) };
}

const fmt = (s: Stats) =>
  `${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50.toFixed(2).padStart(6)} ms  p99 ${s.p99.toFixed(2).padStart(6)} ms`;

/**
 * Queue and case views over loopback HTTP with 1,000 incidents, against the
 * health endpoint of the same server (baseline: Fastify + auth-free + one SELECT 1).
 */
export async function apiBenchmark(): Promise<void> {
  const testDb = await createTestDatabase();
  const config = { ...loadConfig({}, { logLevel: "silent" }), httpPort: 0 };
  const app = await buildHttpApp(testDb.database, config, "network");
  try {
    const db = testDb.database.db;
    const { user } = await createUser(db, {
      actor: localOperator,
      email: "bench@example.org",
      role: "handler",
      password: "bench password 123",
    });
    const { token } = await createApiToken(db, {
      actor: localOperator,
      owner: { userId: user.id },
    });
    const actor = {
      userId: user.id,
      label: "bench",
      role: "handler" as const,
      tenantId: null,
      scopes: null,
    };
    let lastId = "";
    for (let i = 0; i < 1000; i++) {
      const inc = await createIncident(db, {
        actor,
        title: `Incident ${i}`,
        severity: (["low", "medium", "high", "critical"] as const)[i % 4],
        restricted: i % 10 === 0,
      });
      lastId = inc.id;
    }
    await app.listen({ host: "127.0.0.1", port: 0 });
    const address = app.server.address();
    const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    const total = 3000;
    const concurrency = 16;
    await load(`${base}/api/health`, token, 300, concurrency); // warm-up
    const baseline = await load(`${base}/api/health`, token, total, concurrency);
    const queue = await load(`${base}/api/incidents?limit=50`, token, total, concurrency);
    const view = await load(`${base}/api/incidents/${lastId}`, token, total, concurrency);
    process.stdout.write(
      `database: ${testDb.database.kind}; ${total} requests per endpoint, ${concurrency} concurrent, 1,000 incidents (10% restricted)\n` +
        `baseline GET /api/health          ${fmt(baseline)}\n` +
        `queue    GET /api/incidents?limit=50 ${fmt(queue)}  p99 ratio ${(queue.p99 / baseline.p99).toFixed(1)}x\n` +
        `case     GET /api/incidents/{id}  ${fmt(view)}  p99 ratio ${(view.p99 / baseline.p99).toFixed(1)}x\n`,
    );
  } finally {
    await app.close();
    await testDb.cleanup();
  }
}
