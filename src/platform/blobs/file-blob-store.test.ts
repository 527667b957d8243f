import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { after, before, describe, test } from "node:test";
import { createTestDatabase, type TestDatabase } from "../../../test/support/test-database.ts";
import { queryRows, sql } from "../db/client.ts";
import { FileBlobStore } from "./file-blob-store.ts";
import { storeBlob } from "./store-blob.ts";

const root = mkdtempSync(join(tmpdir(), "vigil-blobs-"));
const store = new FileBlobStore({ root, maxBytes: 1024 * 1024 });
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
after(() => rmSync(root, { recursive: true, force: true }));

describe("FileBlobStore", () => {
  test("put stores a buffer under ab/cd/<sha256> and get streams it back", async () => {
    const ref = await store.put(Buffer.from("evidence one"));
    assert.deepEqual(ref, { sha256: sha256("evidence one"), size: 12, created: true });
    const path = join(root, ref.sha256.slice(0, 2), ref.sha256.slice(2, 4), ref.sha256);
    assert.equal(statSync(path).size, 12);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.equal(await text(await store.get(ref.sha256)), "evidence one");
    assert.equal(await store.has(ref.sha256), true);
  });

  test("a stream is hashed while it is written, and the same content is stored once", async () => {
    const chunks = ["a".repeat(70_000), "b".repeat(70_000), "c"];
    const first = await store.put(Readable.from(chunks.map((c) => Buffer.from(c))));
    assert.equal(first.sha256, sha256(chunks.join("")));
    assert.equal(first.size, 140_001);
    const again = await store.put(Buffer.from(chunks.join("")));
    assert.deepEqual(again, { ...first, created: false });
    assert.deepEqual(readdirSync(join(root, "tmp")), [], "no temporary file is left behind");
  });

  test("content over the limit is refused and leaves nothing behind", async () => {
    const big = Readable.from([Buffer.alloc(600_000), Buffer.alloc(600_000)]);
    await assert.rejects(store.put(big), { code: "BLOB_TOO_LARGE" });
    await assert.rejects(store.put(Buffer.alloc(11), { maxBytes: 10 }), { code: "BLOB_TOO_LARGE" });
    assert.equal(await store.has(sha256(Buffer.alloc(11))), false);
    assert.deepEqual(readdirSync(join(root, "tmp")), []);
  });

  test("verify re-hashes: a changed file no longer matches its address", async () => {
    const ref = await store.put(Buffer.from("original bytes"));
    assert.equal(await store.verify(ref.sha256), true);
    writeFileSync(store.pathOf(ref.sha256), "tampered bytes");
    assert.equal(await store.verify(ref.sha256), false);
  });

  test("a missing blob or a malformed address is BLOB_NOT_FOUND, never a path", async () => {
    await assert.rejects(store.get("0".repeat(64)), { code: "BLOB_NOT_FOUND" });
    await assert.rejects(store.get("../../etc/passwd"), { code: "BLOB_NOT_FOUND" });
    await assert.rejects(store.get("A".repeat(64)), { code: "BLOB_NOT_FOUND" });
  });
});

describe("storeBlob", () => {
  let testDb: TestDatabase;
  before(async () => {
    testDb = await createTestDatabase();
  });
  after(() => testDb?.cleanup());

  test("records each stored blob once in the blobs table", async () => {
    const db = testDb.database.db;
    const ref = await db.transaction((tx) => storeBlob(tx, store, Buffer.from("attachment")));
    await storeBlob(db, store, Readable.from([Buffer.from("attach"), Buffer.from("ment")]));
    const rows = await queryRows<{ sha256: string; size: number }>(
      db,
      sql`SELECT sha256, size::int AS size FROM blobs`,
    );
    assert.deepEqual(rows, [{ sha256: ref.sha256, size: 10 }]);
  });
});
