import type { Readable } from "node:stream";
import { DomainError } from "../errors.ts";

/** A stored blob's address: the SHA-256 of its bytes (lower-case hex) and its size. */
export interface BlobRef {
  sha256: string;
  size: number;
}

export type BlobContent = Buffer | Uint8Array | Readable | AsyncIterable<Uint8Array>;

export interface PutOptions {
  /** Refuse content larger than this with BLOB_TOO_LARGE (overrides the store's default). */
  maxBytes?: number | undefined;
}

/**
 * Content-addressed storage for evidence, attachments and raw mail. Storing
 * the same bytes twice stores them once. The file system backend is the
 * default; an S3-compatible backend implements the same interface.
 */
export interface BlobStore {
  /** Streams `content` in, hashing as it goes; idempotent for content already stored. */
  put(content: BlobContent, options?: PutOptions): Promise<BlobRef & { created: boolean }>;
  /** The bytes as a stream; BLOB_NOT_FOUND when absent. */
  get(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /** Re-hashes the stored bytes: false when they no longer match their address (bit rot, tampering). */
  verify(sha256: string): Promise<boolean>;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Refuses anything but a SHA-256 hex digest, so an address can never become a path. */
export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) {
    throw new DomainError("BLOB_NOT_FOUND", "A blob address is a lower-case SHA-256 hex digest.");
  }
}
