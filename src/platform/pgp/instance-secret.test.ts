import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { keyPassphrase, lazyKeyPassphrase, loadInstanceSecret } from "./instance-secret.ts";

const dir = mkdtempSync(join(tmpdir(), "vigil-secret-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("the embedded installation generates a 0600 secret once, then reads it", () => {
  const file = join(dir, "data", "secret.key");
  const first = loadInstanceSecret({ file });
  assert.equal(first.origin, "generated");
  assert.ok(first.secret.length >= 32);
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const again = loadInstanceSecret({ file });
  assert.deepEqual(again, { secret: first.secret, origin: "file" });
  assert.equal(readFileSync(file, "utf8").trim(), first.secret);
});

test("VIGIL_SECRET_KEY wins, must be long enough, and is required without a file", () => {
  const fromEnv = "e".repeat(40);
  assert.deepEqual(loadInstanceSecret({ fromEnv, file: join(dir, "unused") }), {
    secret: fromEnv,
    origin: "env",
  });
  assert.throws(() => loadInstanceSecret({ fromEnv: "short", file: null }), {
    code: "SECRET_KEY_MISSING",
  });
  assert.throws(() => loadInstanceSecret({ file: null }), { code: "SECRET_KEY_MISSING" });
});

test("the key passphrase is derived, stable, and not the secret itself", () => {
  const secret = "s".repeat(40);
  assert.equal(keyPassphrase(secret), keyPassphrase(secret));
  assert.notEqual(keyPassphrase(secret), secret);
  assert.notEqual(keyPassphrase(secret), keyPassphrase(`${secret}x`));
  const lazy = lazyKeyPassphrase({ file: null });
  assert.throws(lazy, { code: "SECRET_KEY_MISSING" }, "nothing happens until a key needs it");
});
