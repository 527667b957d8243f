import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../../test/support/test-database.ts";

const MAIN = join(import.meta.dirname, "../main.ts");
let dataDir: string;
let testDb: TestDatabase | undefined;
let env: NodeJS.ProcessEnv;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [MAIN, ...args, "--data-dir", dataDir], {
    env,
    encoding: "utf8",
    timeout: 300_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "vigil-cli-triage-"));
  env = { ...process.env, VIGIL_LOG_LEVEL: "warn" };
  if (process.env.DATABASE_URL) {
    testDb = await createTestDatabase({ migrate: false });
    await testDb.database.close();
    env.DATABASE_URL = testDb.url;
  }
  assert.equal(cli(["migrate"]).code, 0);
});

after(async () => {
  await testDb?.cleanup().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

test("queue, triage and sla show from the command line", { timeout: 1_800_000 }, () => {
  const created = cli(["incidents", "create", "--title", "Ransomware on file server", "--json"]);
  assert.equal(created.code, 0, created.stderr);
  const incident = JSON.parse(created.stdout) as { ref: number };
  const report = cli([
    "reports",
    "create",
    "--subject",
    "Campagne d'hameçonnage",
    "--urgent",
    "--json",
  ]);
  assert.equal(report.code, 0, report.stderr);

  const queue = cli(["queue", "--json"]);
  assert.equal(queue.code, 0, queue.stderr);
  const page = JSON.parse(queue.stdout) as { items: { kind: string; ref: number }[] };
  assert.deepEqual(page.items.map((i) => i.kind).sort(), ["incident", "report"]);
  const search = JSON.parse(cli(["queue", "--q", "hameçonnage", "--json"]).stdout) as {
    items: unknown[];
  };
  assert.equal(search.items.length, 1);

  const triaged = cli([
    "triage",
    String(incident.ref),
    "--impact",
    "severe",
    "--scope",
    "organisation-wide",
    "--class",
    "malicious-code",
    "--type",
    "infected-system",
    "--rationale",
    "file server encrypted",
  ]);
  assert.equal(triaged.code, 0, triaged.stderr);
  assert.match(
    triaged.stdout,
    new RegExp(`Incident #${incident.ref}: severity critical, priority P1`),
  );
  assert.match(triaged.stdout, /Impact severe × scope organisation_wide → critical/);

  const sla = cli(["sla", "show", String(incident.ref)]);
  assert.equal(sla.code, 0, sla.stderr);
  assert.match(sla.stdout, /^CLOCK\s+TARGETMINUTES\s+DUE\s+BREACHED\s+COMPLETEDAT/m);
  assert.match(sla.stdout, /^triage\s+60\s+\S+Z\s+false\s+\S+Z$/m);
  const json = JSON.parse(cli(["sla", "show", String(incident.ref), "--json"]).stdout);
  assert.equal(typeof json.resolve.due, "string");

  const bad = cli(["triage", String(incident.ref), "--impact", "huge", "--scope", "single"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /VALIDATION_FAILED|impact/);
});
