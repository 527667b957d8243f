/**
 * `npm run bench [-- api]` — benchmarks print ratios against a baseline measured in
 * the same run, never absolute pass/fail thresholds. Set DATABASE_URL to measure on
 * PostgreSQL instead of embedded PGlite.
 */
import { apiBenchmark } from "./api.bench.ts";
import { correlationBenchmark } from "./correlation.bench.ts";
import { intakeBenchmark } from "./intake.bench.ts";
import { webBenchmark } from "./web.bench.ts";

const benchmarks: Record<string, () => Promise<void>> = {
  api: apiBenchmark,
  web: webBenchmark,
  correlation: correlationBenchmark,
  intake: intakeBenchmark,
};

const selected = process.argv.slice(2).filter((a) => !a.startsWith("-"));
const names = selected.length > 0 ? selected : Object.keys(benchmarks);
for (const name of names) {
  const run = benchmarks[name];
  if (!run) {
    process.stderr.write(
      `Unknown benchmark ${name}; known: ${Object.keys(benchmarks).join(", ")}\n`,
    );
    process.exit(2);
  }
  process.stdout.write(`\n== bench: ${name} ==\n`);
  await run();
}
