import type { SignatureStatus } from "../../platform/pgp/pgp-messages.ts";
import type { MimeNode } from "./mime-structure.ts";

/** What one cryptographic layer of a message said. */
export interface CryptoLayerOutcome {
  encrypted: boolean;
  /** Null when the layer was not encrypted. */
  decrypted: boolean | null;
  signature: SignatureStatus;
  signerFingerprint: string | null;
  signerKeyId: string | null;
  /** Human-readable detail for handlers (why decryption failed, which key was unknown …). */
  note?: string | undefined;
}

export interface OpenedEntity extends CryptoLayerOutcome {
  /** The MIME entity inside (headers + body) to continue with; null when it could not be opened. */
  inner: Buffer | null;
}

export interface OpenedText extends CryptoLayerOutcome {
  /** The text with the armored block replaced by what it protected (or left as is when unreadable). */
  text: string;
}

/** Who the message is for, so a provider can pick the right keys. */
export interface CryptoContext {
  tenantId: string;
  purpose: "cert" | "psirt";
  senderAddress: string | null;
}

/**
 * A pluggable message-security mechanism (OpenPGP here, S/MIME beside it).
 * `claims` looks at a MIME entity's type; `open` decrypts and/or verifies it.
 * Neither may throw for bad cryptography: an undecryptable message or a bad
 * signature is an outcome that is recorded, never a reason to drop the mail.
 */
export interface MessageCryptoProvider {
  readonly name: string;
  claims(node: MimeNode): boolean;
  open(node: MimeNode, context: CryptoContext): Promise<OpenedEntity>;
  /** Armored content inside a text body (inline PGP); null when the text holds none. */
  openInlineText?(text: string, context: CryptoContext): Promise<OpenedText | null>;
}

/** The per-message record: the outermost encryption and the best signature seen. */
export interface MessageCryptoSummary {
  encrypted: boolean;
  decrypted: boolean | null;
  signature: SignatureStatus;
  signerFingerprint: string | null;
  signerKeyId: string | null;
  notes: string[];
}

export const noCrypto = (): MessageCryptoSummary => ({
  encrypted: false,
  decrypted: null,
  signature: "none",
  signerFingerprint: null,
  signerKeyId: null,
  notes: [],
});

const signatureRank: Record<SignatureStatus, number> = {
  none: 0,
  "unknown-key": 1,
  valid: 2,
  // A bad signature anywhere must not be hidden by a good one elsewhere.
  invalid: 3,
};

/** Folds one layer's outcome into the message summary. */
export function foldCrypto(summary: MessageCryptoSummary, layer: CryptoLayerOutcome): void {
  if (layer.encrypted) {
    summary.encrypted = true;
    summary.decrypted = summary.decrypted === false ? false : layer.decrypted;
  }
  if (signatureRank[layer.signature] > signatureRank[summary.signature]) {
    summary.signature = layer.signature;
    summary.signerFingerprint = layer.signerFingerprint;
    summary.signerKeyId = layer.signerKeyId;
  }
  if (layer.note) summary.notes.push(layer.note);
}
