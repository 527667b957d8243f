import { gunzipSync, inflateRawSync } from "node:zlib";

export interface ArchiveLimits {
  /** Total bytes an attachment may expand to. */
  maxExpandedBytes: number;
  /** Expansion ratio above which a large archive is a bomb. */
  maxRatio: number;
}

export const defaultArchiveLimits: ArchiveLimits = {
  maxExpandedBytes: 200 * 1024 * 1024,
  maxRatio: 200,
};

/**
 * Looks inside gzip and zip attachments without ever holding more than the
 * limit in memory: returns why it is a decompression bomb, or null. The zip
 * central directory's declared sizes are checked and every deflated entry is
 * inflated with a hard output cap, since declared sizes can lie.
 */
export function decompressionBombReason(
  content: Buffer,
  limits: ArchiveLimits = defaultArchiveLimits,
): string | null {
  try {
    if (content[0] === 0x1f && content[1] === 0x8b) return inspectGzip(content, limits);
    if (content.length >= 22 && content.readUInt32LE(0) === 0x04034b50) {
      return inspectZip(content, limits);
    }
  } catch (err) {
    // A truncated or inconsistent archive is a broken file, kept as is; only a bomb is refused.
    if (err instanceof RangeError && (err as { code?: string }).code === "ERR_OUT_OF_RANGE")
      return null;
    if ((err as { code?: string }).code === "ERR_BUFFER_OUT_OF_BOUNDS") return null;
    throw err;
  }
  return null;
}

function capFor(content: Buffer, limits: ArchiveLimits): number {
  return Math.min(limits.maxExpandedBytes, Math.max(1024 * 1024, content.length * limits.maxRatio));
}

function inspectGzip(content: Buffer, limits: ArchiveLimits): string | null {
  const cap = capFor(content, limits);
  try {
    gunzipSync(content, { maxOutputLength: cap });
    return null;
  } catch (err) {
    if (err instanceof RangeError || (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
      return `gzip data expands past ${cap} bytes`;
    }
    return null; // corrupt gzip: not a bomb, just a broken file kept as is
  }
}

function inspectZip(content: Buffer, limits: ArchiveLimits): string | null {
  const cap = capFor(content, limits);
  const eocd = content.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > content.length) return null;
  const entries = content.readUInt16LE(eocd + 10);
  let offset = content.readUInt32LE(eocd + 16);
  let declared = 0;
  let inflated = 0;
  for (let i = 0; i < entries; i++) {
    if (offset + 46 > content.length || content.readUInt32LE(offset) !== 0x02014b50) return null;
    const method = content.readUInt16LE(offset + 10);
    const compressedSize = content.readUInt32LE(offset + 20);
    const size = content.readUInt32LE(offset + 24);
    const nameLength = content.readUInt16LE(offset + 28);
    const extraLength = content.readUInt16LE(offset + 30);
    const commentLength = content.readUInt16LE(offset + 32);
    const localOffset = content.readUInt32LE(offset + 42);
    declared += size === 0xffffffff ? Number.MAX_SAFE_INTEGER : size;
    if (declared > cap) return `zip entries declare ${declared} bytes (limit ${cap})`;
    if (method === 8 && localOffset + 30 <= content.length) {
      const dataStart =
        localOffset +
        30 +
        content.readUInt16LE(localOffset + 26) +
        content.readUInt16LE(localOffset + 28);
      const data = content.subarray(dataStart, dataStart + compressedSize);
      try {
        inflated += inflateRawSync(data, { maxOutputLength: cap - inflated + 1 }).length;
      } catch (err) {
        if (
          err instanceof RangeError ||
          (err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE"
        ) {
          return `zip entries expand past ${cap} bytes`;
        }
      }
      if (inflated > cap) return `zip entries expand past ${cap} bytes`;
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return null;
}
