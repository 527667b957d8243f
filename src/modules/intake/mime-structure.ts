import libmime from "libmime";

/** Bounds that keep a hostile message from exhausting the parser; past them it is quarantined. */
export interface MimeLimits {
  /** Nesting of multiparts and message/rfc822 parts. */
  maxDepth: number;
  maxParts: number;
  /** One entity's header block. */
  maxHeaderBytes: number;
  /** One leaf part, encoded. */
  maxPartBytes: number;
}

export const defaultMimeLimits: MimeLimits = {
  maxDepth: 16,
  maxParts: 500,
  maxHeaderBytes: 128 * 1024,
  maxPartBytes: 40 * 1024 * 1024,
};

/** Why a message is quarantined instead of processed. */
export type QuarantineCode =
  | "malformed-mime"
  | "too-deep-nesting"
  | "too-many-parts"
  | "oversized-header"
  | "oversized-part"
  | "oversized-message"
  | "decompression-bomb"
  | "unparseable";

export class QuarantineVerdict extends Error {
  override name = "QuarantineVerdict";
  readonly code: QuarantineCode;
  constructor(code: QuarantineCode, detail: string) {
    super(`${code}: ${detail}`);
    this.code = code;
  }
}

/** One MIME entity with its exact bytes, so signatures can be checked over them. */
export interface MimeNode {
  /** Lower-cased header names to unfolded values, in order. */
  headers: Map<string, string[]>;
  /** Lower-cased `type/subtype`; text/plain when absent. */
  contentType: string;
  params: Record<string, string>;
  transferEncoding: string;
  /** The whole entity: header block, blank line, body. */
  raw: Buffer;
  body: Buffer;
  children: MimeNode[];
  depth: number;
}

export function header(node: Pick<MimeNode, "headers">, name: string): string | undefined {
  return node.headers.get(name)?.[0];
}

/**
 * Splits raw bytes into a MIME tree (multiparts and message/rfc822 parts),
 * enforcing `limits`. Throws a QuarantineVerdict for malformed or hostile
 * structure; never decodes bodies, so it is linear in the input.
 */
export function scanMime(raw: Buffer, limits: MimeLimits = defaultMimeLimits): MimeNode {
  const counter = { parts: 0 };
  const root = scanEntity(raw, 0, limits, counter);
  if (root.headers.size === 0) {
    throw new QuarantineVerdict("malformed-mime", "the message has no header fields");
  }
  return root;
}

function scanEntity(
  raw: Buffer,
  depth: number,
  limits: MimeLimits,
  counter: { parts: number },
): MimeNode {
  if (depth > limits.maxDepth) {
    throw new QuarantineVerdict("too-deep-nesting", `parts nested deeper than ${limits.maxDepth}`);
  }
  counter.parts++;
  if (counter.parts > limits.maxParts) {
    throw new QuarantineVerdict("too-many-parts", `more than ${limits.maxParts} MIME parts`);
  }
  const split = findHeaderEnd(raw);
  const headerEnd = split?.headerEnd ?? raw.length;
  if (headerEnd > limits.maxHeaderBytes) {
    throw new QuarantineVerdict(
      "oversized-header",
      `a header block of ${headerEnd} bytes (limit ${limits.maxHeaderBytes})`,
    );
  }
  const headers = parseHeaderBlock(raw.subarray(0, headerEnd).toString("latin1"));
  const body = split ? raw.subarray(split.bodyStart) : Buffer.alloc(0);
  const typeHeader = headers.get("content-type")?.[0];
  const parsed = typeHeader ? libmime.parseHeaderValue(typeHeader) : null;
  const contentType = (parsed?.value || "text/plain").toLowerCase().trim();
  const params = lowerKeys(parsed?.params ?? {});
  const transferEncoding = (headers.get("content-transfer-encoding")?.[0] ?? "7bit")
    .trim()
    .toLowerCase();
  const node: MimeNode = {
    headers,
    contentType,
    params,
    transferEncoding,
    raw,
    body,
    children: [],
    depth,
  };
  if (contentType.startsWith("multipart/")) {
    const boundary = params.boundary;
    if (!boundary) throw new QuarantineVerdict("malformed-mime", `${contentType} without boundary`);
    const parts = splitMultipart(body, boundary);
    if (parts.length === 0) {
      throw new QuarantineVerdict("malformed-mime", `${contentType} whose boundary never occurs`);
    }
    node.children = parts.map((p) => scanEntity(p, depth + 1, limits, counter));
  } else if (contentType === "message/rfc822" && isIdentity(transferEncoding)) {
    node.children = [scanEntity(body, depth + 1, limits, counter)];
  } else if (body.length > limits.maxPartBytes) {
    throw new QuarantineVerdict(
      "oversized-part",
      `a ${contentType} part of ${body.length} bytes (limit ${limits.maxPartBytes})`,
    );
  }
  return node;
}

const isIdentity = (cte: string) => cte === "7bit" || cte === "8bit" || cte === "binary";

function lowerKeys(params: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(params)) out[k.toLowerCase()] = String(v);
  return out;
}

/** The blank line ending the header block (CRLF or bare LF). */
function findHeaderEnd(raw: Buffer): { headerEnd: number; bodyStart: number } | null {
  if (raw[0] === 0x0a) return { headerEnd: 0, bodyStart: 1 };
  if (raw[0] === 0x0d && raw[1] === 0x0a) return { headerEnd: 0, bodyStart: 2 };
  let from = 0;
  for (;;) {
    const lf = raw.indexOf(0x0a, from);
    if (lf < 0) return null;
    if (raw[lf + 1] === 0x0a) return { headerEnd: lf + 1, bodyStart: lf + 2 };
    if (raw[lf + 1] === 0x0d && raw[lf + 2] === 0x0a)
      return { headerEnd: lf + 1, bodyStart: lf + 3 };
    from = lf + 1;
  }
}

/** Unfolds a header block; a line that is neither a field nor a continuation is malformed. */
export function parseHeaderBlock(text: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  let current: { name: string; value: string } | null = null;
  const flush = () => {
    if (!current) return;
    const list = headers.get(current.name) ?? [];
    list.push(current.value.trim());
    headers.set(current.name, list);
    current = null;
  };
  for (const line of text.split(/\r?\n/)) {
    if (line === "") continue;
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (!current)
        throw new QuarantineVerdict("malformed-mime", "a continuation line with no field");
      (current as { value: string }).value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    // Field names are printable ASCII without spaces (RFC 5322 §2.2); mbox "From " lines are tolerated.
    if (colon <= 0 || !/^[!-9;-~]+$/.test(line.slice(0, colon).trimEnd())) {
      if (headers.size === 0 && current === null && line.startsWith("From ")) continue;
      throw new QuarantineVerdict("malformed-mime", "a header line that is not a field");
    }
    flush();
    current = { name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1) };
  }
  flush();
  return headers;
}

/**
 * The body parts of a multipart body, as exact bytes. A delimiter is `--boundary`
 * at a line start, followed only by optional whitespace (or `--` for the last);
 * the line break before it belongs to the delimiter (RFC 2046 §5.1.1).
 */
export function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString("latin1");
  const delimiter = `--${boundary}`;
  const parts: Buffer[] = [];
  let partStart = -1;
  let search = 0;
  for (;;) {
    let at: number;
    if (search === 0 && text.startsWith(delimiter)) at = 0;
    else {
      const found = text.indexOf(`\n${delimiter}`, search);
      if (found < 0) break;
      at = found + 1;
    }
    const afterDelimiter = at + delimiter.length;
    const closing = text.startsWith("--", afterDelimiter);
    const lineEnd = text.indexOf("\n", afterDelimiter);
    const rest = text.slice(
      afterDelimiter + (closing ? 2 : 0),
      lineEnd < 0 ? text.length : lineEnd,
    );
    search = afterDelimiter;
    if (!/^[ \t\r]*$/.test(rest)) continue; // a longer boundary, or text that merely starts like one
    if (partStart >= 0) {
      let end = at - 1; // the LF before the delimiter
      if (end > partStart && text[end - 1] === "\r") end--;
      parts.push(body.subarray(partStart, Math.max(partStart, end)));
    }
    if (closing) return parts;
    if (lineEnd < 0) break;
    partStart = lineEnd + 1;
  }
  // No closing delimiter: tolerated (many mailers truncate it); the last part runs to the end.
  if (partStart >= 0 && partStart <= body.length) parts.push(body.subarray(partStart));
  return parts;
}

/** The body of a leaf part, transfer-decoded. */
export function decodeBody(node: Pick<MimeNode, "body" | "transferEncoding">): Buffer {
  if (node.transferEncoding === "base64") {
    return Buffer.from(node.body.toString("latin1").replace(/[^A-Za-z0-9+/=]/g, ""), "base64");
  }
  if (node.transferEncoding === "quoted-printable") {
    const text = node.body
      .toString("latin1")
      .replace(/=\r?\n/g, "")
      .replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) =>
        String.fromCharCode(Number.parseInt(hex, 16)),
      );
    return Buffer.from(text, "latin1");
  }
  return node.body;
}

/** Lone LFs become CRLF: the canonical form MIME signatures are computed over. */
export function canonicalCrlf(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");
}
