import { and, arrayContains, desc, eq } from "drizzle-orm";
import type { PublicKey } from "openpgp";
import type { Db } from "../../platform/db/client.ts";
import { encryptionUsability, readPublicKey } from "../../platform/pgp/pgp-keys.ts";
import { contactKeys } from "./keys.tables.ts";

export interface EncryptionKey {
  fingerprint: string;
  key: PublicKey;
  armoredPublic: string;
}

/**
 * The newest contact key for `email` that can be encrypted to at `now`, or
 * null. Expired and revoked keys (and keys whose encryption subkeys are) are
 * never returned: the caller then sends in clear or not at all.
 */
export async function findEncryptionKeyFor(
  db: Db,
  input: { email: string; now?: Date },
): Promise<EncryptionKey | null> {
  const now = input.now ?? new Date();
  const candidates = await db
    .select()
    .from(contactKeys)
    .where(
      and(
        arrayContains(contactKeys.emails, [input.email.trim().toLowerCase()]),
        eq(contactKeys.revoked, false),
      ),
    )
    .orderBy(desc(contactKeys.createdAt));
  for (const row of candidates) {
    const key = await readPublicKey(row.armoredPublic);
    if ((await encryptionUsability(key, now)).usable) {
      return { fingerprint: row.fingerprint, key, armoredPublic: row.armoredPublic };
    }
  }
  return null;
}
