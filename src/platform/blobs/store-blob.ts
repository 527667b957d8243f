import type { Db } from "../db/client.ts";
import type { BlobContent, BlobRef, BlobStore, PutOptions } from "./blob-store.ts";
import { blobs } from "./blobs.tables.ts";

/**
 * Stores content and records it in `blobs`, in the caller's transaction. The
 * bytes are written first: a rollback leaves an unreferenced file (harmless,
 * content-addressed), never a row without its bytes.
 */
export async function storeBlob(
  tx: Db,
  store: BlobStore,
  content: BlobContent,
  options: PutOptions = {},
): Promise<BlobRef> {
  const { sha256, size } = await store.put(content, options);
  await tx.insert(blobs).values({ sha256, size }).onConflictDoNothing();
  return { sha256, size };
}
