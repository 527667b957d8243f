import { sql } from "drizzle-orm";
import type { Key, PrivateKey } from "openpgp";
import { type Db, queryRows } from "../../platform/db/client.ts";
import { readPublicKey, unlockSecretKey } from "../../platform/pgp/pgp-keys.ts";
import {
  decryptAndVerify,
  type SignatureCheck,
  verifyCleartext,
  verifyDetached,
} from "../../platform/pgp/pgp-messages.ts";
import type { MessageCryptoProvider, OpenedEntity, OpenedText } from "./message-crypto.ts";
import { canonicalCrlf, decodeBody, type MimeNode } from "./mime-structure.ts";

/** How long unlocked team keys and parsed contact keys are reused before the tables are checked again. */
const KEYRING_TTL_MS = 5_000;

interface Keyrings {
  decryption: PrivateKey[];
  verification: Key[];
}

const PGP_MESSAGE = /-----BEGIN PGP MESSAGE-----[\s\S]*?-----END PGP MESSAGE-----/;
const PGP_SIGNED = /-----BEGIN PGP SIGNED MESSAGE-----[\s\S]*?-----END PGP SIGNATURE-----/;

/**
 * OpenPGP for intake: PGP/MIME (RFC 3156) encrypted and signed entities, and
 * inline armored blocks in text bodies. Decrypts with every team secret key
 * (several keys, RSA and Curve25519) and verifies against the contact keyring.
 */
export function openPgpCrypto(db: Db, keyPassphrase: () => string): MessageCryptoProvider {
  let cached: { stamp: string; at: number; rings: Keyrings } | undefined;
  const keyrings = async (): Promise<Keyrings> => {
    if (cached && Date.now() - cached.at < KEYRING_TTL_MS) return cached.rings;
    const [state] = await queryRows<{ stamp: string }>(
      db,
      sql`SELECT (SELECT count(*) || ':' || coalesce(max(added_at)::text, '') FROM team_keys) || '/' ||
                 (SELECT count(*) || ':' || coalesce(max(updated_at)::text, '') FROM contact_keys) AS stamp`,
    );
    const stamp = state?.stamp ?? "";
    if (cached?.stamp === stamp) {
      cached.at = Date.now();
      return cached.rings;
    }
    const rings = await loadKeyrings(db, keyPassphrase);
    cached = { stamp, at: Date.now(), rings };
    return rings;
  };

  return {
    name: "openpgp",
    claims(node) {
      const protocol = node.params.protocol?.toLowerCase();
      return (
        (node.contentType === "multipart/encrypted" && protocol === "application/pgp-encrypted") ||
        (node.contentType === "multipart/signed" && protocol === "application/pgp-signature")
      );
    },
    async open(node) {
      const rings = await keyrings();
      if (node.contentType === "multipart/encrypted") return openEncrypted(node, rings);
      return openSigned(node, rings);
    },
    async openInlineText(text) {
      const encrypted = PGP_MESSAGE.exec(text);
      if (encrypted) return openInlineEncrypted(text, encrypted, await keyrings());
      const signed = PGP_SIGNED.exec(text);
      if (signed) return openInlineSigned(text, signed, await keyrings());
      return null;
    },
  };
}

async function loadKeyrings(db: Db, keyPassphrase: () => string): Promise<Keyrings> {
  const team = await queryRows<{ fingerprint: string; encrypted_secret: string }>(
    db,
    sql`SELECT fingerprint, encrypted_secret FROM team_keys ORDER BY is_primary DESC, added_at DESC`,
  );
  const decryption: PrivateKey[] = [];
  if (team.length > 0) {
    let passphrase: string | null = null;
    try {
      passphrase = keyPassphrase();
    } catch {
      // No instance secret: nothing can be decrypted; messages are still accepted and flagged.
    }
    for (const row of passphrase ? team : []) {
      try {
        decryption.push(await unlockSecretKey(row.encrypted_secret, passphrase as string));
      } catch {
        // A key that cannot be unlocked (secret changed) is skipped; the others still work.
      }
    }
  }
  const contacts = await queryRows<{ armored_public: string }>(
    db,
    sql`SELECT armored_public FROM contact_keys`,
  );
  const verification: Key[] = [];
  for (const row of contacts) {
    try {
      verification.push(await readPublicKey(row.armored_public));
    } catch {
      // An unreadable stored key cannot verify anything; skip it.
    }
  }
  // Team keys verify too: a colleague's forwarded mail signed by the team.
  for (const key of decryption) verification.push(key.toPublic());
  return { decryption, verification };
}

function signatureFields(check: SignatureCheck) {
  return {
    signature: check.status,
    signerFingerprint: check.signerFingerprint,
    signerKeyId: check.signerKeyId,
  };
}

const unsigned = { signature: "none" as const, signerFingerprint: null, signerKeyId: null };

async function openEncrypted(node: MimeNode, rings: Keyrings): Promise<OpenedEntity> {
  const payload = node.children.find((c) => c.contentType === "application/octet-stream");
  const armored = payload ? decodeBody(payload).toString("latin1") : "";
  if (!armored.includes("-----BEGIN PGP MESSAGE-----")) {
    return {
      inner: null,
      encrypted: true,
      decrypted: false,
      ...unsigned,
      note: "PGP/MIME: no armored OpenPGP message in the encrypted part",
    };
  }
  const opened = await tryDecrypt(armored, rings);
  if (!opened.ok)
    return { inner: null, encrypted: true, decrypted: false, ...unsigned, note: opened.note };
  return {
    inner: Buffer.from(opened.data),
    encrypted: true,
    decrypted: true,
    ...signatureFields(opened.signature),
  };
}

async function openSigned(node: MimeNode, rings: Keyrings): Promise<OpenedEntity> {
  const [content, signaturePart] = node.children;
  if (!content || !signaturePart) {
    return {
      inner: content?.raw ?? null,
      encrypted: false,
      decrypted: null,
      signature: "invalid",
      signerFingerprint: null,
      signerKeyId: null,
      note: "PGP/MIME signed message without a signature part",
    };
  }
  const check = await verifyDetached({
    data: canonicalCrlf(content.raw),
    signature: decodeBody(signaturePart).toString("latin1"),
    verificationKeys: rings.verification,
  });
  return {
    inner: content.raw,
    encrypted: false,
    decrypted: null,
    ...signatureFields(check),
    ...(check.status === "unknown-key"
      ? { note: `signed by key ${check.signerKeyId}, not in the contact keyring` }
      : {}),
  };
}

async function tryDecrypt(
  armored: string,
  rings: Keyrings,
): Promise<
  { ok: true; data: Uint8Array; signature: SignatureCheck } | { ok: false; note: string }
> {
  if (rings.decryption.length === 0) {
    return { ok: false, note: "encrypted, but no team secret key is available to decrypt it" };
  }
  try {
    const result = await decryptAndVerify({
      armored,
      decryptionKeys: rings.decryption,
      verificationKeys: rings.verification,
    });
    return { ok: true, data: result.data, signature: result.signature };
  } catch (err) {
    return { ok: false, note: (err as Error).message.slice(0, 300) };
  }
}

async function openInlineEncrypted(
  text: string,
  block: RegExpExecArray,
  rings: Keyrings,
): Promise<OpenedText> {
  const opened = await tryDecrypt(block[0], rings);
  if (!opened.ok)
    return { text, encrypted: true, decrypted: false, ...unsigned, note: opened.note };
  const plain = new TextDecoder().decode(opened.data);
  return {
    text: replaceBlock(text, block, plain),
    encrypted: true,
    decrypted: true,
    ...signatureFields(opened.signature),
  };
}

async function openInlineSigned(
  text: string,
  block: RegExpExecArray,
  rings: Keyrings,
): Promise<OpenedText> {
  try {
    const verified = await verifyCleartext({
      armored: block[0],
      verificationKeys: rings.verification,
    });
    return {
      text: replaceBlock(text, block, verified.text),
      encrypted: false,
      decrypted: null,
      ...signatureFields(verified.signature),
    };
  } catch (err) {
    return {
      text,
      encrypted: false,
      decrypted: null,
      signature: "invalid",
      signerFingerprint: null,
      signerKeyId: null,
      note: `inline signature unreadable: ${(err as Error).message.slice(0, 200)}`,
    };
  }
}

function replaceBlock(text: string, block: RegExpExecArray, replacement: string): string {
  return text.slice(0, block.index) + replacement + text.slice(block.index + block[0].length);
}
