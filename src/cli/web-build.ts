import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "../..");
const WEB = join(ROOT, "web");
const BUILT_INDEX = join(WEB, "dist", "index.html");

/** Newest modification time among the app's sources (web/src, index.html, vite config). */
function newestSourceMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestSourceMtime(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
}

/** Whether web/dist is missing or older than a source file of the app. */
export function webBuildIsStale(): boolean {
  if (!existsSync(BUILT_INDEX)) return true;
  const sources = Math.max(
    newestSourceMtime(join(WEB, "src")),
    statSync(join(WEB, "index.html")).mtimeMs,
    statSync(join(WEB, "vite.config.ts")).mtimeMs,
  );
  return sources > statSync(BUILT_INDEX).mtimeMs;
}

/**
 * Builds the web console into web/dist with the project's own Vite when the
 * build is missing or stale, printing a line first. Returns false (and says
 * why) when it cannot build; the API then serves a "not built" page at `/`.
 */
export function ensureWebBuild(log: (line: string) => void): boolean {
  if (!existsSync(join(WEB, "src"))) return existsSync(BUILT_INDEX);
  if (!webBuildIsStale()) return true;
  const vite = join(ROOT, "node_modules", "vite", "bin", "vite.js");
  if (!existsSync(vite)) {
    log("vigil: cannot build the web console: vite is not installed (run npm ci).");
    return false;
  }
  log("vigil: building the web console into web/dist (vite build) ...");
  const result = spawnSync(
    process.execPath,
    [vite, "build", "--config", join(WEB, "vite.config.ts"), "--logLevel", "warn"],
    { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env: process.env },
  );
  if (result.status !== 0) {
    log(`vigil: the web console build failed (exit ${result.status ?? result.signal}).`);
    return false;
  }
  return true;
}
