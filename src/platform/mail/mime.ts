import { randomBytes, randomUUID } from "node:crypto";
import { buildHeaderValue, encodeWords, foldLines, quoteString } from "nodemailer/lib/mime-funcs";
import { encode as qpEncode, wrap as qpWrap } from "nodemailer/lib/qp";

export interface MailAddress {
  name?: string | undefined;
  address: string;
}

export interface MailHeaders {
  from: MailAddress;
  to: MailAddress[];
  cc?: MailAddress[] | undefined;
  subject: string;
  inReplyTo?: string | undefined;
  references?: string[] | undefined;
  /** Further headers, e.g. `Auto-Submitted`; values must be ASCII. */
  extra?: Record<string, string> | undefined;
}

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface MailBody {
  text: string;
  attachments?: MailAttachment[] | undefined;
}

/** A rendered message, ready to queue: exact bytes plus the SMTP envelope. */
export interface ComposedMessage {
  raw: string;
  messageId: string;
  envelope: { from: string; to: string[] };
}

const CRLF = "\r\n";

/** Text with every line ending as CRLF, the canonical form RFC 3156 signs. */
export function toCrlf(text: string): string {
  return text.replace(/\r\n|\r|\n/g, CRLF);
}

export function newBoundary(): string {
  return `vigil-${randomBytes(12).toString("hex")}`;
}

export function formatAddress(a: MailAddress): string {
  if (!a.name) return a.address;
  const name = /^[\x20-\x7e]*$/.test(a.name) ? quoteString(a.name) : encodeWords(a.name, "Q", 52);
  return `${name} <${a.address}>`;
}

function header(name: string, value: string): string {
  return foldLines(`${name}: ${value}`, 76);
}

/**
 * The body entity (headers and content) that is signed or encrypted: the text
 * as quoted-printable UTF-8, in a multipart/mixed with the attachments if any.
 * 7-bit and CRLF throughout, so no relay rewrites what the signature covers.
 */
export function buildBodyEntity(body: MailBody): string {
  const text = [
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
    "",
    // "From " at a line start is rewritten by mbox-minded relays: encode it.
    toCrlf(qpWrap(qpEncode(toCrlf(body.text)), 76)).replace(/^From /gm, "=46rom "),
  ].join(CRLF);
  const attachments = body.attachments ?? [];
  if (attachments.length === 0) return text;
  const boundary = newBoundary();
  const parts = attachments.map((a) =>
    [
      header(
        "Content-Type",
        buildHeaderValue({ value: a.contentType, params: { name: a.filename } }),
      ),
      "Content-Transfer-Encoding: base64",
      header(
        "Content-Disposition",
        buildHeaderValue({ value: "attachment", params: { filename: a.filename } }),
      ),
      "",
      (
        Buffer.from(a.content)
          .toString("base64")
          .match(/.{1,76}/g) ?? []
      ).join(CRLF),
    ].join(CRLF),
  );
  return [
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "",
    ...[text, ...parts].map((part) => `--${boundary}${CRLF}${part}`),
    `--${boundary}--`,
    "",
  ].join(CRLF);
}

/** Joins top-level headers and a MIME entity (which brings its own Content-* headers). */
export function composeMessage(headers: MailHeaders, entity: string): ComposedMessage {
  const domain = headers.from.address.split("@")[1] ?? "vigil.invalid";
  const messageId = `<${randomUUID()}@${domain}>`;
  const lines = [
    header("From", formatAddress(headers.from)),
    header("To", headers.to.map(formatAddress).join(", ")),
    ...(headers.cc?.length ? [header("Cc", headers.cc.map(formatAddress).join(", "))] : []),
    header("Subject", encodeWords(headers.subject, "Q", 52)),
    `Date: ${new Date().toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: ${messageId}`,
    ...(headers.inReplyTo ? [`In-Reply-To: ${headers.inReplyTo}`] : []),
    ...(headers.references?.length ? [header("References", headers.references.join(" "))] : []),
    ...Object.entries(headers.extra ?? {}).map(([k, v]) => header(k, v)),
    "MIME-Version: 1.0",
  ];
  return {
    raw: `${lines.join(CRLF)}${CRLF}${entity}`,
    messageId,
    envelope: {
      from: headers.from.address,
      to: [...headers.to, ...(headers.cc ?? [])].map((a) => a.address),
    },
  };
}

/** A plain (unsigned) message. */
export function composePlainMessage(headers: MailHeaders, body: MailBody): ComposedMessage {
  return composeMessage(headers, buildBodyEntity(body));
}
