import { createHash, randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, mkdir, open, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { DomainError } from "../errors.ts";
import {
  assertSha256,
  type BlobContent,
  type BlobRef,
  type BlobStore,
  type PutOptions,
} from "./blob-store.ts";

export interface FileBlobStoreOptions {
  /** VIGIL_BLOB_DIR, by default `<dataDir>/blobs`. */
  root: string;
  /** Default size limit for `put`; absent means no limit. */
  maxBytes?: number | undefined;
}

/**
 * Blobs as files at `<root>/ab/cd/<sha256>`. A put streams into a temporary
 * file in `<root>/tmp`, fsyncs it, then renames it into place: a crash leaves
 * either no blob or a whole one, never a torn file under its address.
 */
export class FileBlobStore implements BlobStore {
  readonly root: string;
  readonly #maxBytes: number | undefined;

  constructor(options: FileBlobStoreOptions) {
    this.root = options.root;
    this.#maxBytes = options.maxBytes;
  }

  pathOf(sha256: string): string {
    assertSha256(sha256);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(
    content: BlobContent,
    options: PutOptions = {},
  ): Promise<BlobRef & { created: boolean }> {
    const limit = options.maxBytes ?? this.#maxBytes;
    const tmpDir = join(this.root, "tmp");
    await mkdir(tmpDir, { recursive: true, mode: 0o700 });
    const tmp = join(tmpDir, `${Date.now()}-${randomBytes(8).toString("hex")}`);
    const hash = createHash("sha256");
    let size = 0;
    const file = await open(tmp, "wx", 0o600);
    try {
      for await (const chunk of chunksOf(content)) {
        size += chunk.byteLength;
        if (limit !== undefined && size > limit) {
          throw new DomainError("BLOB_TOO_LARGE", `The content exceeds the ${limit}-byte limit.`);
        }
        hash.update(chunk);
        await file.write(chunk);
      }
      await file.sync();
    } catch (err) {
      await file.close();
      await rm(tmp, { force: true });
      throw err;
    }
    await file.close();
    const sha256 = hash.digest("hex");
    const target = this.pathOf(sha256);
    if (await exists(target)) {
      await rm(tmp, { force: true });
      return { sha256, size, created: false };
    }
    const dir = join(this.root, sha256.slice(0, 2), sha256.slice(2, 4));
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await rename(tmp, target);
    await syncDirectory(dir);
    return { sha256, size, created: true };
  }

  async get(sha256: string): Promise<Readable> {
    const path = this.pathOf(sha256);
    if (!(await exists(path))) throw new DomainError("BLOB_NOT_FOUND", `No blob ${sha256}.`);
    return createReadStream(path);
  }

  has(sha256: string): Promise<boolean> {
    return exists(this.pathOf(sha256));
  }

  async verify(sha256: string): Promise<boolean> {
    const hash = createHash("sha256");
    for await (const chunk of await this.get(sha256)) hash.update(chunk as Buffer);
    return hash.digest("hex") === sha256;
  }
}

async function* chunksOf(content: BlobContent): AsyncIterable<Uint8Array> {
  if (content instanceof Uint8Array) {
    yield content;
    return;
  }
  for await (const chunk of content) {
    yield typeof chunk === "string" ? Buffer.from(chunk) : chunk;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Makes the rename durable: the directory entry, not only the file's bytes. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
