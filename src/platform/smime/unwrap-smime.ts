import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import {
  CMS_AUTH_ENVELOPED_DATA,
  CMS_ENVELOPED_DATA,
  CmsDecryptError,
  decryptCms,
  type SmimeIdentityKey,
} from "./decrypt-cms.ts";
import {
  decodedBody,
  headerValue,
  type MimeEntity,
  multipartParts,
  parseContentType,
  splitEntity,
  toCrlf,
} from "./mime-entity.ts";
import {
  CMS_SIGNED_DATA,
  type SignatureCheck,
  type SignatureVerdict,
  signedContent,
  verifySignedData,
} from "./verify-cms.ts";

export interface SmimeMaterial {
  identities: SmimeIdentityKey[];
  trustAnchors: pkijs.Certificate[];
}

/** What one S/MIME layer said, in the fields the intake records for OpenPGP too. */
export interface SmimeLayer {
  encrypted: boolean;
  /** null when the layer was not encrypted. */
  decrypted: boolean | null;
  signature: SignatureVerdict | "none";
  signer: SignatureCheck["signer"];
  /** Why decryption or verification did not succeed, for the handler. */
  note: string | null;
  /** The entity inside (header block + body); null when it could not be opened. */
  inner: Buffer | null;
}

/** The whole message's S/MIME outcome (all layers), for callers outside the intake pipeline. */
export interface SmimeOutcome {
  encrypted: boolean;
  decrypted: boolean | null;
  signature: SignatureVerdict | "none";
  signer: SignatureCheck["signer"];
  notes: string[];
  /** The outer header fields over the innermost entity; the message as received if undecryptable. */
  message: Buffer;
}

/** Nested layers (signed, then encrypted, then signed again …) followed at most. */
const MAX_LAYERS = 4;
const PKCS7_MIME = new Set(["application/pkcs7-mime", "application/x-pkcs7-mime"]);
const PKCS7_SIGNATURE = new Set(["application/pkcs7-signature", "application/x-pkcs7-signature"]);

/** Whether an entity of this type is an S/MIME layer (enveloped, opaque-signed or multipart/signed). */
export function isSmimeType(contentType: string, params: Record<string, string>): boolean {
  const type = contentType.toLowerCase();
  if (PKCS7_MIME.has(type)) return true;
  return type === "multipart/signed" && PKCS7_SIGNATURE.has(params.protocol?.toLowerCase() ?? "");
}

/** True when the message's top-level entity is S/MIME. */
export function isSmimeMessage(raw: Buffer): boolean {
  const ct = parseContentType(headerValue(splitEntity(raw), "content-type"));
  return isSmimeType(ct.type, ct.params);
}

/**
 * Opens one S/MIME layer: decrypts enveloped-data (or auth-enveloped-data)
 * with the team's identities, or verifies signed-data (opaque, or detached
 * multipart/signed) against the trust anchors. Never throws on hostile input:
 * a broken layer is a verdict and a note.
 */
export async function openSmimeLayer(
  raw: Buffer,
  material: SmimeMaterial,
  now: Date = new Date(),
): Promise<SmimeLayer> {
  const entity = splitEntity(raw);
  const ct = parseContentType(headerValue(entity, "content-type"));
  if (ct.type === "multipart/signed")
    return detachedLayer(entity, ct.params.boundary, material, now);
  return opaqueLayer(entity, material, now);
}

const layer = (fields: Partial<SmimeLayer>): SmimeLayer => ({
  encrypted: false,
  decrypted: null,
  signature: "none",
  signer: null,
  note: null,
  inner: null,
  ...fields,
});

const signedLayer = (check: SignatureCheck, inner: Buffer | null): SmimeLayer =>
  layer({ signature: check.verdict, signer: check.signer, note: check.reason, inner });

async function opaqueLayer(
  entity: MimeEntity,
  material: SmimeMaterial,
  now: Date,
): Promise<SmimeLayer> {
  let info: pkijs.ContentInfo;
  try {
    info = readContentInfo(decodedBody(entity));
  } catch {
    return layer({
      signature: "invalid",
      note: "The S/MIME body is not a readable CMS structure.",
    });
  }
  if (info.contentType === CMS_ENVELOPED_DATA || info.contentType === CMS_AUTH_ENVELOPED_DATA) {
    try {
      return layer({
        encrypted: true,
        decrypted: true,
        inner: decryptCms(info, material.identities),
      });
    } catch (err) {
      const note = err instanceof CmsDecryptError ? err.message : "Decryption failed.";
      return layer({ encrypted: true, decrypted: false, note });
    }
  }
  if (info.contentType === CMS_SIGNED_DATA) {
    try {
      const signed = new pkijs.SignedData({ schema: info.content });
      const check = await verifySignedData(signed, null, material.trustAnchors, now);
      return signedLayer(check, signedContent(signed));
    } catch {
      return layer({ signature: "invalid", note: "Malformed S/MIME signed-data." });
    }
  }
  return layer({ note: `Unsupported CMS content type ${info.contentType}.` });
}

async function detachedLayer(
  entity: MimeEntity,
  boundary: string | undefined,
  material: SmimeMaterial,
  now: Date,
): Promise<SmimeLayer> {
  const [content, signaturePart] = boundary ? multipartParts(entity.body, boundary) : [];
  if (!content || !signaturePart) {
    return layer({
      signature: "invalid",
      note: "Malformed multipart/signed.",
      inner: content ?? null,
    });
  }
  try {
    const info = readContentInfo(decodedBody(splitEntity(signaturePart)));
    const signed = new pkijs.SignedData({ schema: info.content });
    let check = await verifySignedData(signed, content, material.trustAnchors, now);
    // Mail stored on Unix may have lost its CRLFs; the signature was made over them.
    if (check.verdict === "invalid" && content.includes("\n") && !content.includes("\r\n")) {
      const again = await verifySignedData(signed, toCrlf(content), material.trustAnchors, now);
      if (again.verdict !== "invalid") check = again;
    }
    return signedLayer(check, content);
  } catch {
    return layer({ signature: "invalid", note: "Unreadable S/MIME signature.", inner: content });
  }
}

function readContentInfo(der: Buffer): pkijs.ContentInfo {
  const parsed = asn1js.fromBER(new Uint8Array(der));
  if (parsed.offset === -1) throw new Error(parsed.result.error);
  return new pkijs.ContentInfo({ schema: parsed.result });
}

/**
 * Removes every S/MIME layer of a message (at most four), for use outside the
 * intake pipeline (which opens one layer at a time). Null when not S/MIME. The
 * outermost encryption and the first signature found are reported.
 */
export async function unwrapSmime(
  raw: Buffer,
  material: SmimeMaterial,
  now: Date = new Date(),
): Promise<SmimeOutcome | null> {
  if (!isSmimeMessage(raw)) return null;
  const outcome: SmimeOutcome = {
    encrypted: false,
    decrypted: null,
    signature: "none",
    signer: null,
    notes: [],
    message: raw,
  };
  let current = raw;
  for (let depth = 0; depth < MAX_LAYERS && isSmimeMessage(current); depth++) {
    const opened = await openSmimeLayer(current, material, now);
    if (opened.note) outcome.notes.push(opened.note);
    if (opened.encrypted && !outcome.encrypted) {
      outcome.encrypted = true;
      outcome.decrypted = opened.decrypted;
    }
    if (opened.signature !== "none" && outcome.signature === "none") {
      outcome.signature = opened.signature;
      outcome.signer = opened.signer;
    }
    if (!opened.inner) return outcome;
    current = opened.inner;
  }
  outcome.message = withOuterHeaders(splitEntity(raw), current);
  return outcome;
}

/** Outer From/To/Subject/Date… over the inner entity, which only has Content-* fields. */
function withOuterHeaders(outer: MimeEntity, inner: Buffer): Buffer {
  const kept = outer.headerText
    .split(/\r?\n(?![ \t])/)
    .filter((field) => !/^(content-[a-z-]+|mime-version)\s*:/i.test(field));
  // Content without a header block of its own is plain text.
  const innerEntity = /^[!-9;-~]+:/.test(inner.toString("latin1", 0, 200))
    ? splitEntity(inner)
    : { headerText: "Content-Type: text/plain", body: inner };
  const innerHeaders = innerEntity.headerText.split(/\r?\n(?![ \t])/).filter(Boolean);
  const head = [...kept, "MIME-Version: 1.0", ...innerHeaders].join("\r\n");
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`, "latin1"), innerEntity.body]);
}
