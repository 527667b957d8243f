import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { describeKey, mergeKeys, readArmoredKeys } from "../../platform/pgp/pgp-keys.ts";
import { appendAuditRecord } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { type ContactKeyView, toContactKeyView } from "./key-views.ts";
import { contactKeys } from "./keys.tables.ts";
import { assertCanAddContactKeys } from "./keys-rules.ts";

/** Keys accepted in one upload: a keyring export, not a key server dump. */
export const MAX_KEYS_PER_IMPORT = 100;

export interface ImportContactKeysInput {
  actor: Actor;
  /** One or more armored public keys. */
  armored: string;
  /** Where the key came from: `upload`, `cli`, `mail`, … */
  source: string;
}

export interface ImportedContactKeys {
  imported: ContactKeyView[];
  /** Keys already known, merged with what the upload added (new expiry, revocation, user IDs). */
  updated: ContactKeyView[];
}

/** Imports correspondents' public keys; a known key is merged, never replaced. */
export async function importContactKeys(
  db: Db,
  input: ImportContactKeysInput,
): Promise<ImportedContactKeys> {
  assertCanAddContactKeys(input.actor);
  const keys = await readArmoredKeys(input.armored);
  if (keys.length === 0) throw new DomainError("KEY_INVALID", "The upload holds no key.");
  if (keys.length > MAX_KEYS_PER_IMPORT) {
    throw new DomainError("KEY_INVALID", `At most ${MAX_KEYS_PER_IMPORT} keys per upload.`);
  }
  if (keys.some((k) => k.isPrivate())) {
    throw new DomainError(
      "KEY_INVALID",
      "The upload holds secret key material; export and upload the public key only.",
    );
  }
  return db.transaction(async (tx) => {
    const result: ImportedContactKeys = { imported: [], updated: [] };
    for (const uploaded of keys) {
      const fingerprint = uploaded.getFingerprint().toUpperCase();
      const [known] = await tx
        .select()
        .from(contactKeys)
        .where(eq(contactKeys.fingerprint, fingerprint));
      const key = known
        ? await mergeKeys((await readArmoredKeys(known.armoredPublic))[0] ?? uploaded, uploaded)
        : uploaded;
      const info = await describeKey(key);
      const fields = {
        keyId: info.keyId,
        emails: info.emails,
        userIds: info.userIds,
        algorithm: info.algorithm,
        armoredPublic: key.armor(),
        createdAt: info.createdAt,
        expiresAt: info.expiresAt,
        revoked: info.revoked,
      };
      const [row] = known
        ? await tx
            .update(contactKeys)
            .set({ ...fields, updatedAt: new Date() })
            .where(eq(contactKeys.id, known.id))
            .returning()
        : await tx
            .insert(contactKeys)
            .values({ ...fields, fingerprint, source: input.source })
            .returning();
      if (!row) throw new Error("write returned no row");
      await appendAuditRecord(tx, input.actor, {
        action: known ? "contact_key.updated" : "contact_key.imported",
        entityType: "contact_key",
        entityId: fingerprint,
        tenantId: null,
        data: {
          emails: info.emails,
          expiresAt: info.expiresAt?.toISOString() ?? null,
          revoked: info.revoked,
          source: input.source,
        },
      });
      (known ? result.updated : result.imported).push(toContactKeyView(row));
    }
    return result;
  });
}
