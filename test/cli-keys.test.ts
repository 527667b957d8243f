import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { createGnuPG, type GnuPG } from "./support/gnupg.ts";
import { createTestDatabase, type TestDatabase } from "./support/test-database.ts";

const MAIN = join(import.meta.dirname, "..", "src/cli/main.ts");
let dataDir: string;
let env: NodeJS.ProcessEnv;
let testDb: TestDatabase | undefined;
let gpg: GnuPG;

function cli(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [MAIN, ...args, "--data-dir", dataDir], {
    env,
    input,
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

before(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "vigil-cli-keys-"));
  gpg = createGnuPG();
  env = { ...process.env, VIGIL_LOG_LEVEL: "warn" };
  delete env.VIGIL_SECRET_KEY;
  if (process.env.DATABASE_URL) {
    testDb = await createTestDatabase({ migrate: false });
    await testDb.database.close();
    env.DATABASE_URL = testDb.url;
    // Several nodes share a database server: the secret comes from the environment there.
    env.VIGIL_SECRET_KEY = "cli-test-instance-secret-with-32-chars-or-more";
  }
});

after(async () => {
  await testDb?.cleanup().catch(() => {});
  gpg?.cleanup();
  rmSync(dataDir, { recursive: true, force: true });
});

test("keys generate, import, import-secret and list through the CLI", () => {
  const generated = cli([
    "keys",
    "generate",
    "--email",
    "cert@example.org",
    "--name",
    "Example CERT",
    "--json",
  ]);
  assert.equal(generated.code, 0, generated.stderr);
  const teamKey = JSON.parse(generated.stdout) as { fingerprint: string; primary: boolean };
  assert.equal(teamKey.primary, true);
  if (!process.env.DATABASE_URL) {
    const secretFile = join(dataDir, "secret.key");
    assert.equal(
      statSync(secretFile).mode & 0o777,
      0o600,
      "the generated instance secret is private",
    );
    assert.doesNotMatch(generated.stdout + generated.stderr, /secret\.key|BEGIN PGP PRIVATE/);
  }

  const peer = gpg.generateKey("peer@example.net");
  const other = gpg.generateKey("other@example.net");
  const contacts = join(dataDir, "contacts.asc");
  writeFileSync(contacts, `${peer.armoredPublic}\n${other.armoredPublic}`);
  const imported = cli(["keys", "import", contacts]);
  assert.equal(imported.code, 0, imported.stderr);
  assert.match(imported.stdout, new RegExp(`imported\\s+${peer.fingerprint}`));
  assert.match(imported.stdout, new RegExp(`imported\\s+${other.fingerprint}`));

  const secret = join(dataDir, "psirt-secret.asc");
  writeFileSync(secret, gpg.generateKey("psirt@example.org").armoredSecret);
  const importedSecret = cli(["keys", "import-secret", secret, "--purpose", "psirt", "--json"]);
  assert.equal(importedSecret.code, 0, importedSecret.stderr);
  assert.equal(JSON.parse(importedSecret.stdout).purpose, "psirt");

  const listed = cli(["keys", "list"]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, new RegExp(`team:cert\\*\\s+${teamKey.fingerprint}`));
  assert.match(listed.stdout, /team:psirt\*/);
  assert.match(listed.stdout, /contact\s+[0-9A-F]{40}\s+peer@example\.net/);
  const json = JSON.parse(cli(["keys", "list", "--json"]).stdout) as {
    team: unknown[];
    contacts: unknown[];
  };
  assert.deepEqual([json.team.length, json.contacts.length], [2, 2]);

  const missing = cli(["keys", "import", join(dataDir, "nope.asc")]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Cannot read/);
  const garbage = join(dataDir, "garbage.asc");
  writeFileSync(garbage, "not a key");
  const refused = cli(["keys", "import", garbage]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /KEY_INVALID/);
});
