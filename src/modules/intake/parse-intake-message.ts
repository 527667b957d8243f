import { createHash } from "node:crypto";
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";
import sanitizeHtml from "sanitize-html";
import { type ArchiveLimits, decompressionBombReason } from "./archive-inspection.ts";
import { normaliseAddress, parseMessageIds } from "./intake-rules.ts";
import {
  type CryptoContext,
  foldCrypto,
  type MessageCryptoProvider,
  type MessageCryptoSummary,
  noCrypto,
} from "./message-crypto.ts";
import {
  header,
  type MimeLimits,
  type MimeNode,
  parseHeaderBlock,
  QuarantineVerdict,
  scanMime,
} from "./mime-structure.ts";

export interface ParsedAttachment {
  filename: string | null;
  contentType: string;
  content: Buffer;
  sha256: string;
  size: number;
  /** For a forwarded message/rfc822 part: its main headers (phishing reports). */
  forwardedHeaders: Record<string, string> | null;
}

/** A message as intake records it: decrypted, verified, parsed and sanitised. */
export interface ParsedIntakeMessage {
  messageId: string;
  subject: string;
  fromAddress: string | null;
  fromName: string | null;
  replyTo: string | null;
  sentAt: Date | null;
  inReplyTo: string | null;
  references: string[];
  /** A header of the outer message (lower-case name), unfolded. */
  header(name: string): string | undefined;
  /** The outer message's content type. */
  contentType: string;
  /** Decrypted plain text (derived from the HTML when there is no text part). */
  text: string;
  htmlRaw: string | null;
  /** The HTML after sanitising: the only HTML anything may display. */
  html: string | null;
  attachments: ParsedAttachment[];
  crypto: MessageCryptoSummary;
}

export interface ParseOptions {
  providers: MessageCryptoProvider[];
  context: CryptoContext;
  mimeLimits: MimeLimits;
  archiveLimits: ArchiveLimits;
  /** Bound on the parser's wall time; past it the message is quarantined. */
  timeoutMs: number;
  /** A released message is processed whatever the structural checks say. */
  ignoreQuarantine?: boolean;
}

/** Nested crypto layers followed at most (encrypted → signed → …). */
const MAX_CRYPTO_LAYERS = 4;

/**
 * Parses raw mail: structure checks, crypto layers through the providers,
 * mailparser for bodies and attachments, inline PGP, HTML sanitising and
 * archive checks. Throws QuarantineVerdict for hostile or broken input;
 * cryptographic failures are recorded in `crypto`, never thrown.
 */
export async function parseIntakeMessage(
  raw: Buffer,
  options: ParseOptions,
): Promise<ParsedIntakeMessage> {
  const limits = options.ignoreQuarantine ? relaxed(options.mimeLimits) : options.mimeLimits;
  const outer = scanOuter(raw, limits, options.ignoreQuarantine ?? false);
  const crypto = noCrypto();
  let node: MimeNode = outer;
  let entity: Buffer | null = raw;
  for (let layer = 0; layer < MAX_CRYPTO_LAYERS; layer++) {
    const provider = options.providers.find((p) => p.claims(node));
    if (!provider) break;
    const opened = await provider.open(node, options.context);
    foldCrypto(crypto, opened);
    entity = opened.inner;
    if (!entity) break;
    node = scanInner(entity, limits);
    entity = node.raw;
  }

  const outerHeaders = await withTimeout(
    simpleParser(Buffer.concat([headerBlockOf(outer), Buffer.from("\r\n\r\n")])),
    options.timeoutMs,
  );
  const content = entity ? await withTimeout(parseBody(entity), options.timeoutMs) : null;
  let text = content?.text ?? "";
  if (entity === null) text = "";
  for (const provider of options.providers) {
    if (!provider.openInlineText || !text.includes("-----BEGIN PGP")) continue;
    const opened = await provider.openInlineText(text, options.context);
    if (!opened) continue;
    foldCrypto(crypto, opened);
    text = opened.text;
  }
  const htmlRaw = content && typeof content.html === "string" ? content.html : null;
  const attachments = (content?.attachments ?? []).map((a) => toAttachment(a, options));
  // Protected headers (memory hole): an encrypted entity's own Subject wins over the outer one.
  const innerSubject = entity !== raw ? content?.subject : undefined;
  const from = firstAddress(outerHeaders.from) ?? firstAddress(content?.from);
  return {
    messageId: stripAngles(outerHeaders.messageId ?? header(outer, "message-id") ?? ""),
    subject: (innerSubject ?? outerHeaders.subject ?? content?.subject ?? "").trim(),
    fromAddress: from?.address ?? null,
    fromName: from?.name || null,
    replyTo: firstAddress(outerHeaders.replyTo)?.address ?? null,
    sentAt:
      outerHeaders.date && !Number.isNaN(outerHeaders.date.getTime()) ? outerHeaders.date : null,
    inReplyTo: parseMessageIds(header(outer, "in-reply-to"))[0] ?? null,
    references: parseMessageIds(header(outer, "references")),
    header: (name) => header(outer, name.toLowerCase()),
    contentType: outer.contentType,
    text,
    htmlRaw,
    html: htmlRaw === null ? null : sanitiseHtml(htmlRaw),
    attachments,
    crypto,
  };
}

function relaxed(limits: MimeLimits): MimeLimits {
  return {
    maxDepth: limits.maxDepth * 4,
    maxParts: limits.maxParts * 20,
    maxHeaderBytes: limits.maxHeaderBytes * 64,
    maxPartBytes: Number.MAX_SAFE_INTEGER,
  };
}

/**
 * The outer structure; for a released message whose structure is broken, the
 * whole message as one opaque part that mailparser reads as best it can.
 */
function scanOuter(raw: Buffer, limits: MimeLimits, released: boolean): MimeNode {
  try {
    return scanMime(raw, limits);
  } catch (err) {
    if (!released || !(err instanceof QuarantineVerdict)) throw err;
    return {
      headers: new Map(),
      contentType: "application/octet-stream",
      params: {},
      transferEncoding: "7bit",
      raw,
      body: raw,
      children: [],
      depth: 0,
    };
  }
}

/** A decrypted payload that is bare text, not a MIME entity, is read as text/plain. */
function scanInner(entity: Buffer, limits: MimeLimits): MimeNode {
  try {
    return scanMime(entity, limits);
  } catch (err) {
    if (!(err instanceof QuarantineVerdict) || err.code !== "malformed-mime") throw err;
    return scanMime(
      Buffer.concat([Buffer.from("Content-Type: text/plain; charset=utf-8\r\n\r\n"), entity]),
      limits,
    );
  }
}

function headerBlockOf(node: MimeNode): Buffer {
  const end = node.raw.length - node.body.length;
  return Buffer.from(node.raw.subarray(0, end).toString("latin1").trimEnd(), "latin1");
}

function parseBody(entity: Buffer): Promise<ParsedMail> {
  return simpleParser(entity, {
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
    keepCidLinks: true,
    checksumAlgo: "sha256",
    maxHtmlLengthToParse: 5_000_000,
  });
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new QuarantineVerdict("unparseable", `the parser took longer than ${ms} ms`)),
      ms,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } catch (err) {
    if (err instanceof QuarantineVerdict) throw err;
    throw new QuarantineVerdict("unparseable", (err as Error).message.slice(0, 300));
  } finally {
    clearTimeout(timer);
  }
}

function toAttachment(
  a: ParsedMail["attachments"][number],
  options: ParseOptions,
): ParsedAttachment {
  const content = a.content;
  if (!options.ignoreQuarantine) {
    const bomb = decompressionBombReason(content, options.archiveLimits);
    if (bomb)
      throw new QuarantineVerdict("decompression-bomb", `${a.filename ?? "attachment"}: ${bomb}`);
  }
  const contentType = (a.contentType || "application/octet-stream").toLowerCase();
  return {
    filename: a.filename ?? null,
    contentType,
    content,
    sha256: createHash("sha256").update(content).digest("hex"),
    size: content.length,
    forwardedHeaders: contentType === "message/rfc822" ? forwardedHeadersOf(content) : null,
  };
}

const FORWARDED_FIELDS = [
  "from",
  "to",
  "cc",
  "reply-to",
  "subject",
  "date",
  "message-id",
  "return-path",
  "received",
];

function forwardedHeadersOf(content: Buffer): Record<string, string> | null {
  const text = content.toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  try {
    const headers = parseHeaderBlock(end < 0 ? text : text.slice(0, end));
    const out: Record<string, string> = {};
    for (const name of FORWARDED_FIELDS) {
      const values = headers.get(name);
      if (values) out[name] = values.map(decodeHeaderText).join("\n");
    }
    return out;
  } catch {
    return null;
  }
}

function decodeHeaderText(value: string): string {
  const bytes = Buffer.from(value, "latin1");
  const utf8 = bytes.toString("utf8");
  const text = utf8.includes("\uFFFD") ? value : utf8;
  return text.replace(
    /=\?([^?]+)\?([bBqQ])\?([^?]*)\?=/g,
    (whole, charset: string, enc: string, data: string) => {
      try {
        const buf =
          enc.toUpperCase() === "B"
            ? Buffer.from(data, "base64")
            : Buffer.from(
                data
                  .replace(/_/g, " ")
                  .replace(/=([0-9A-F]{2})/gi, (_, h: string) =>
                    String.fromCharCode(Number.parseInt(h, 16)),
                  ),
                "latin1",
              );
        return new TextDecoder(charset.toLowerCase()).decode(buf);
      } catch {
        return whole;
      }
    },
  );
}

function firstAddress(value: AddressObject | AddressObject[] | undefined) {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  for (const group of list) {
    for (const entry of group.value) {
      if (entry.address) return { address: normaliseAddress(entry.address), name: entry.name };
    }
  }
  return null;
}

const stripAngles = (id: string) => id.trim().replace(/^<|>$/g, "");

/** The HTML that may be displayed: no scripts, styles, event handlers or remote resources. */
export function sanitiseHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: sanitizeHtml.defaults.allowedTags.filter((t) => t !== "style"),
    allowedAttributes: {
      a: ["href", "title", "rel", "target"],
      td: ["colspan", "rowspan"],
      th: ["colspan", "rowspan"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    transformTags: {
      a: sanitizeHtml.simpleTransform("a", {
        rel: "noopener noreferrer nofollow",
        target: "_blank",
      }),
    },
  });
}
