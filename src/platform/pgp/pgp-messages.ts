import {
  createCleartextMessage,
  createMessage,
  type DecryptMessageResult,
  decrypt,
  encrypt,
  enums,
  type Key,
  type PrivateKey,
  type PublicKey,
  readCleartextMessage,
  readMessage,
  readSignature,
  type SignaturePacket,
  sign,
  verify,
} from "openpgp";
import { DomainError } from "../errors.ts";

type VerificationResult = DecryptMessageResult["signatures"][number];

export type SignatureStatus = "valid" | "invalid" | "unknown-key" | "none";

export interface SignatureCheck {
  status: SignatureStatus;
  /** The signing key's fingerprint when known, else null. */
  signerFingerprint: string | null;
  /** The key id the signature names (upper-case hex), even when the key is unknown. */
  signerKeyId: string | null;
}

/**
 * Signs text with the cleartext signature framework (RFC 9580 §7): readable as
 * is, and `gpg --verify` checks it. Line-end whitespace is not signed, per the RFC.
 */
export async function cleartextSign(text: string, signingKey: PrivateKey): Promise<string> {
  return sign({ message: await createCleartextMessage({ text }), signingKeys: signingKey });
}

export interface DetachedSignature {
  armored: string;
  /** The digest used, as RFC 3156 `micalg` wants it: `pgp-sha512`. */
  micalg: string;
}

/** A detached, armored signature over exact bytes (a `.asc` beside a file, PGP/MIME). */
export async function detachedSign(
  data: Uint8Array | string,
  signingKey: PrivateKey,
): Promise<DetachedSignature> {
  const message = await createMessage({ binary: toBytes(data) });
  const signature = await sign({
    message,
    signingKeys: signingKey,
    detached: true,
    format: "object",
  });
  const hash = (signature.packets[0] as SignaturePacket | undefined)?.hashAlgorithm;
  if (hash === undefined || hash === null) throw new Error("the signature names no digest");
  return {
    armored: signature.armor(),
    micalg: `pgp-${enums.read(enums.hash, hash).toLowerCase()}`,
  };
}

/** Signs then encrypts `data` to every recipient (one message, RFC 3156 §6.2 style). */
export async function signAndEncrypt(input: {
  data: Uint8Array | string;
  signingKey: PrivateKey;
  recipients: PublicKey[];
}): Promise<string> {
  if (input.recipients.length === 0) {
    throw new DomainError("KEY_NOT_FOUND", "Encryption needs at least one recipient key.");
  }
  return encrypt({
    message: await createMessage({ binary: toBytes(input.data) }),
    encryptionKeys: input.recipients,
    signingKeys: input.signingKey,
  });
}

export interface DecryptedMessage {
  data: Uint8Array;
  signature: SignatureCheck;
}

/** Decrypts an armored message and checks its signature against `verificationKeys`. */
export async function decryptAndVerify(input: {
  armored: string;
  decryptionKeys: PrivateKey[];
  verificationKeys: Key[];
}): Promise<DecryptedMessage> {
  let result: Awaited<ReturnType<typeof decrypt<Uint8Array>>>;
  try {
    result = await decrypt({
      message: await readMessage({ armoredMessage: input.armored }),
      decryptionKeys: input.decryptionKeys,
      verificationKeys: input.verificationKeys,
      format: "binary",
    });
  } catch (err) {
    throw new DomainError("PGP_DECRYPTION_FAILED", `Cannot decrypt: ${(err as Error).message}`);
  }
  return {
    data: result.data as Uint8Array,
    signature: await checkSignatures(result.signatures, input.verificationKeys),
  };
}

/** Checks a detached signature (armored or binary) over exact bytes. */
export async function verifyDetached(input: {
  data: Uint8Array | string;
  signature: string | Uint8Array;
  verificationKeys: Key[];
}): Promise<SignatureCheck> {
  let signatures: VerificationResult[];
  try {
    const signature =
      typeof input.signature === "string"
        ? await readSignature({ armoredSignature: input.signature })
        : await readSignature({ binarySignature: input.signature });
    ({ signatures } = await verify({
      message: await createMessage({ binary: toBytes(input.data) }),
      signature,
      verificationKeys: input.verificationKeys,
      format: "binary",
    }));
  } catch {
    return { status: "invalid", signerFingerprint: null, signerKeyId: null };
  }
  return checkSignatures(signatures, input.verificationKeys);
}

/** Checks a cleartext-signed text and returns the text as signed. */
export async function verifyCleartext(input: {
  armored: string;
  verificationKeys: Key[];
}): Promise<{ text: string; signature: SignatureCheck }> {
  const message = await readCleartextMessage({ cleartextMessage: input.armored }).catch((err) => {
    throw new DomainError("PGP_MESSAGE_INVALID", `Not a cleartext signed message: ${err.message}`);
  });
  const { data, signatures } = await verify({
    message,
    verificationKeys: input.verificationKeys,
  });
  return { text: data, signature: await checkSignatures(signatures, input.verificationKeys) };
}

/** The best verdict over a message's signatures: one valid signature is enough. */
async function checkSignatures(
  signatures: VerificationResult[],
  keys: Key[],
): Promise<SignatureCheck> {
  let verdict: SignatureCheck = { status: "none", signerFingerprint: null, signerKeyId: null };
  for (const sig of signatures) {
    const signerKeyId = sig.keyID.toHex().toUpperCase();
    const key = keys.find((k) => k.getKeys(sig.keyID).length > 0);
    if (!key) {
      if (verdict.status === "none")
        verdict = { status: "unknown-key", signerFingerprint: null, signerKeyId };
      continue;
    }
    const signerFingerprint = key.getFingerprint().toUpperCase();
    const valid = await sig.verified.then(
      () => true,
      () => false,
    );
    if (valid) return { status: "valid", signerFingerprint, signerKeyId };
    verdict = { status: "invalid", signerFingerprint, signerKeyId };
  }
  return verdict;
}

function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === "string" ? new TextEncoder().encode(data) : data;
}
