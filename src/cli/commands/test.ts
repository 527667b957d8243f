import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { parse } from "../args.ts";

const usage = `Usage:
  vigil test [--only lint|typecheck|deps|unit] [FILES...]
Runs, in order: Biome (lint + format check), tsc --noEmit, dependency-cruiser, and every
test with node's test runner. With DATABASE_URL set, the database tests run on that
PostgreSQL server (each test file creates and drops its own database).`;

const ROOT = join(import.meta.dirname, "../../..");
const bin = (name: string) => join(ROOT, "node_modules", ".bin", name);
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

/** The whole quality gate, exactly as CI runs it. */
export async function testCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { only: { type: "string" } }, usage);
  const steps: { name: string; cmd: string; args: string[] }[] = [
    { name: "lint", cmd: bin("biome"), args: ["check", "--error-on-warnings", "."] },
    // TypeScript 7 by path: node_modules/.bin/tsc may point at the typescript5 alias
    // that openapi-typescript needs.
    { name: "typecheck", cmd: process.execPath, args: [TSC, "--noEmit", "-p", "."] },
    { name: "typecheck", cmd: process.execPath, args: [TSC, "--noEmit", "-p", "web"] },
    {
      name: "deps",
      cmd: bin("depcruise"),
      args: ["src", "--config", ".dependency-cruiser.cjs", "--output-type", "err"],
    },
    {
      name: "unit",
      cmd: process.execPath,
      args: [
        "--test",
        "--test-concurrency=2",
        "--test-timeout=120000",
        ...(positionals.length > 0 ? positionals : ["src/**/*.test.ts", "test/**/*.test.ts"]),
      ],
    },
  ];
  for (const step of steps) {
    if (values.only && values.only !== step.name) continue;
    process.stdout.write(`\n== vigil test: ${step.name} ==\n`);
    const result = spawnSync(step.cmd, step.args, {
      cwd: ROOT,
      stdio: "inherit",
      env: process.env,
    });
    if (result.status !== 0) {
      process.stderr.write(
        `\nvigil test: ${step.name} failed (exit ${result.status ?? result.signal}).\n`,
      );
      return result.status || 1;
    }
  }
  return 0;
}
