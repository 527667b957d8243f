/**
 * Just enough MIME to find S/MIME layers on the raw bytes: detached signatures
 * cover the exact bytes of the first part, so a parser that re-encodes (as
 * mailparser does) cannot be used to get them. Bytes are handled as latin1
 * strings, which map one character to one byte both ways.
 */

export interface MimeEntity {
  /** Unfolded header fields in order, names lower-cased. */
  headers: { name: string; value: string }[];
  /** The header block as received, without the blank line. */
  headerText: string;
  body: Buffer;
}

export interface ContentType {
  type: string;
  params: Record<string, string>;
}

/** Splits an entity at its first empty line; an entity without one is all headers. */
export function splitEntity(raw: Buffer): MimeEntity {
  const text = raw.toString("latin1");
  const match = /\r?\n\r?\n/.exec(text);
  const headerEnd = match ? match.index : text.length;
  const bodyStart = match ? match.index + match[0].length : text.length;
  const headerText = text.slice(0, headerEnd);
  const headers: { name: string; value: string }[] = [];
  for (const line of headerText.split(/\r?\n(?![ \t])/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    headers.push({
      name: line.slice(0, colon).trim().toLowerCase(),
      value: line
        .slice(colon + 1)
        .replace(/\r?\n[ \t]+/g, " ")
        .trim(),
    });
  }
  return { headers, headerText, body: raw.subarray(bodyStart) };
}

export function headerValue(entity: MimeEntity, name: string): string | undefined {
  return entity.headers.find((h) => h.name === name)?.value;
}

/** Parses `type/subtype; name=value; name="quoted value"` (RFC 2045), lower-casing type and names. */
export function parseContentType(value: string | undefined): ContentType {
  if (!value) return { type: "text/plain", params: {} };
  const [typePart = "", ...rest] = splitParams(value);
  const params: Record<string, string> = {};
  for (const part of rest) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    let v = part.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) {
      v = v.slice(1, -1).replace(/\\(.)/g, "$1");
    }
    params[part.slice(0, eq).trim().toLowerCase()] = v;
  }
  return { type: typePart.trim().toLowerCase(), params };
}

function splitParams(value: string): string[] {
  const parts: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === "\\" && quoted) {
      current += c + (value[i + 1] ?? "");
      i++;
    } else if (c === '"') {
      quoted = !quoted;
      current += c;
    } else if (c === ";" && !quoted) {
      parts.push(current);
      current = "";
    } else {
      current += c;
    }
  }
  parts.push(current);
  return parts;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The raw bytes of each body part of a multipart body: what lies between two
 * delimiter lines, without the line break that belongs to the next delimiter.
 */
export function multipartParts(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString("latin1");
  const delimiter = new RegExp(
    `(^|\\r?\\n)--${escapeRegExp(boundary)}(--)?[ \\t]*(\\r?\\n|$)`,
    "g",
  );
  const parts: Buffer[] = [];
  let partStart = -1;
  for (let m = delimiter.exec(text); m; m = delimiter.exec(text)) {
    if (partStart >= 0) parts.push(body.subarray(partStart, m.index));
    if (m[2]) return parts;
    partStart = m.index + m[0].length;
    // A delimiter ending the text leaves nothing to split further.
    if (m[0].length === 0) break;
  }
  return parts;
}

/** The decoded body of a part whose transfer encoding is base64, binary, 7bit or 8bit. */
export function decodedBody(entity: MimeEntity): Buffer {
  const encoding = headerValue(entity, "content-transfer-encoding")?.toLowerCase();
  if (encoding === "base64") return Buffer.from(entity.body.toString("latin1"), "base64");
  return entity.body;
}

/** Lines ending in a bare LF get CRLF, as signed MIME content is canonicalised. */
export function toCrlf(bytes: Buffer): Buffer {
  return Buffer.from(bytes.toString("latin1").replace(/\r?\n/g, "\r\n"), "latin1");
}
