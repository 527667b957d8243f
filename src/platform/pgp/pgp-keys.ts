import {
  decryptKey,
  encryptKey,
  generateKey,
  type Key,
  type PrivateKey,
  type PublicKey,
  readKeys,
  readPrivateKey,
} from "openpgp";
import { DomainError } from "../errors.ts";

export const keyAlgorithms = ["curve25519", "rsa4096"] as const;
export type KeyAlgorithm = (typeof keyAlgorithms)[number];

/** What Vigil shows and stores about a key; fingerprints and key ids are upper-case hex. */
export interface KeyInfo {
  fingerprint: string;
  keyId: string;
  userIds: string[];
  /** Lower-cased addresses from the user IDs. */
  emails: string[];
  /** `ed25519`, `rsa4096`, … of the primary key. */
  algorithm: string;
  createdAt: Date;
  /** Null when the primary key never expires. */
  expiresAt: Date | null;
  revoked: boolean;
  isSecret: boolean;
}

export interface GeneratedKeyPair {
  info: KeyInfo;
  armoredPublic: string;
  /** Encrypted with the passphrase given; never stored in clear. */
  armoredSecret: string;
}

/**
 * Generates a team key. `curve25519` is the v4 Ed25519 + Cv25519 pair every
 * OpenPGP implementation in use reads (GnuPG 2.2 included), not the RFC 9580
 * v6 algorithms that older peers reject.
 */
export async function generateKeyPair(input: {
  userIds: { name: string; email: string }[];
  algorithm?: KeyAlgorithm | undefined;
  passphrase: string;
  /** Seconds from now; absent means no expiry. */
  expiresInSeconds?: number | undefined;
}): Promise<GeneratedKeyPair> {
  const common = {
    userIDs: input.userIds,
    keyExpirationTime: input.expiresInSeconds ?? 0,
    format: "object" as const,
  };
  const { privateKey } =
    input.algorithm === "rsa4096"
      ? await generateKey({ ...common, type: "rsa", rsaBits: 4096 })
      : await generateKey({ ...common, type: "ecc", curve: "curve25519Legacy" });
  return {
    info: await describeKey(privateKey),
    armoredPublic: privateKey.toPublic().armor(),
    armoredSecret: await lockSecretKey(privateKey, input.passphrase),
  };
}

const ARMORED_KEY_BLOCK =
  /-----BEGIN PGP (PUBLIC|PRIVATE) KEY BLOCK-----[\s\S]*?-----END PGP \1 KEY BLOCK-----/g;

/**
 * Reads every key of an upload: one armored block holding several keys, or
 * several blocks one after another (keys pasted into one file). Public or
 * secret; anything unreadable fails with KEY_INVALID.
 */
export async function readArmoredKeys(armored: string): Promise<Key[]> {
  const blocks = armored.match(ARMORED_KEY_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new DomainError("KEY_INVALID", "No armored OpenPGP key block found.");
  }
  const keys: Key[] = [];
  for (const block of blocks) {
    try {
      keys.push(...(await readKeys({ armoredKeys: block })));
    } catch (err) {
      throw new DomainError("KEY_INVALID", `Not a readable OpenPGP key: ${(err as Error).message}`);
    }
  }
  return keys;
}

/** Reads one armored secret key; `passphrase` unlocks it when it is protected. */
export async function readSecretKey(armored: string, passphrase?: string): Promise<PrivateKey> {
  let key: PrivateKey;
  try {
    key = await readPrivateKey({ armoredKey: armored });
  } catch (err) {
    throw new DomainError(
      "KEY_INVALID",
      `Not a readable OpenPGP secret key: ${(err as Error).message}`,
    );
  }
  if (key.isDecrypted()) return key;
  if (passphrase === undefined) {
    throw new DomainError("KEY_INVALID", "The secret key is protected; give its passphrase.");
  }
  try {
    return await decryptKey({ privateKey: key, passphrase });
  } catch {
    throw new DomainError("KEY_INVALID", "The passphrase does not unlock this secret key.");
  }
}

/** Encrypts an unlocked secret key with `passphrase` (at rest) and armors it. */
export async function lockSecretKey(key: PrivateKey, passphrase: string): Promise<string> {
  return (await encryptKey({ privateKey: key, passphrase })).armor();
}

/** Reads a secret key stored by `lockSecretKey` and unlocks it for signing or decryption. */
export function unlockSecretKey(armored: string, passphrase: string): Promise<PrivateKey> {
  return readSecretKey(armored, passphrase);
}

/** Reads one armored public key (the first of the block). */
export async function readPublicKey(armored: string): Promise<PublicKey> {
  const [key] = await readArmoredKeys(armored);
  if (!key) throw new DomainError("KEY_INVALID", "The armored block holds no key.");
  return key.toPublic();
}

/** Merges what `update` adds to `base` (new signatures, revocations, subkeys) of the same key. */
export async function mergeKeys(base: Key, update: Key): Promise<PublicKey> {
  return (await base.toPublic().update(update.toPublic())) as PublicKey;
}

const EMAIL_IN_USER_ID = /<([^<>\s]+@[^<>\s]+)>\s*$|^([^<>\s]+@[^<>\s]+)$/;

export async function describeKey(key: Key): Promise<KeyInfo> {
  const userIds = key.getUserIDs();
  const emails = new Set<string>();
  for (const uid of userIds) {
    const match = EMAIL_IN_USER_ID.exec(uid.trim());
    const email = match?.[1] ?? match?.[2];
    if (email) emails.add(email.toLowerCase());
  }
  const info = key.getAlgorithmInfo();
  const algorithm =
    "bits" in info && info.bits
      ? `rsa${info.bits}`
      : "curve" in info && info.curve
        ? String(info.curve).replace(/Legacy$/, "")
        : String(info.algorithm);
  let expiresAt: Date | null = null;
  try {
    const expiry = await key.getExpirationTime();
    expiresAt = expiry instanceof Date ? expiry : null;
  } catch {
    // A key without a valid self-signature has no usable expiry; usability checks refuse it.
  }
  return {
    fingerprint: key.getFingerprint().toUpperCase(),
    keyId: key.getKeyID().toHex().toUpperCase(),
    userIds,
    emails: [...emails].sort(),
    algorithm,
    createdAt: key.getCreationTime(),
    expiresAt,
    revoked: await key.isRevoked(),
    isSecret: key.isPrivate(),
  };
}

export type KeyUsability =
  | { usable: true }
  | { usable: false; reason: "revoked" | "expired" | "no-encryption-subkey" };

/**
 * Whether mail may be encrypted to `key` at `now`: a revoked or expired key,
 * or one whose encryption subkeys are all expired or revoked, is not.
 */
export async function encryptionUsability(key: Key, now = new Date()): Promise<KeyUsability> {
  if (await key.isRevoked(undefined, undefined, now)) return { usable: false, reason: "revoked" };
  const expiry = await key.getExpirationTime().catch(() => null);
  if (expiry instanceof Date && expiry.getTime() <= now.getTime()) {
    return { usable: false, reason: "expired" };
  }
  try {
    await key.getEncryptionKey(undefined, now);
    return { usable: true };
  } catch {
    return { usable: false, reason: "no-encryption-subkey" };
  }
}
