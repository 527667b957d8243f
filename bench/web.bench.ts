import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { ensureWebBuild } from "../src/cli/web-build.ts";

const DIST = join(import.meta.dirname, "../web/dist");
/** The budget for the console's first load. */
export const FIRST_LOAD_BUDGET_BYTES = 300 * 1024;

/**
 * First-load weight of the console: every script, module preload and
 * stylesheet that web/dist/index.html references, gzipped (level 9, as a
 * server would precompress), against the 300 KB budget.
 */
export async function webBenchmark(): Promise<void> {
  if (!ensureWebBuild((line) => process.stderr.write(`${line}\n`))) {
    throw new Error("the web console could not be built");
  }
  const html = readFileSync(join(DIST, "index.html"), "utf8");
  const assets = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] as string,
  );
  let js = 0;
  let css = 0;
  for (const asset of new Set(assets)) {
    const bytes = gzipSync(readFileSync(join(DIST, asset)), { level: 9 }).length;
    if (asset.endsWith(".css")) css += bytes;
    else js += bytes;
    process.stdout.write(`  ${asset.padEnd(40)} ${(bytes / 1024).toFixed(1).padStart(7)} KB gz\n`);
  }
  const total = js + css;
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  process.stdout.write(
    `console first load: JS ${kb(js)} + CSS ${kb(css)} = ${kb(total)} gzipped; ` +
      `budget ${kb(FIRST_LOAD_BUDGET_BYTES)}; ratio ${(total / FIRST_LOAD_BUDGET_BYTES).toFixed(2)}\n`,
  );
}
