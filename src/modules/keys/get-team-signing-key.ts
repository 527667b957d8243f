import { and, eq, isNull, or, sql } from "drizzle-orm";
import type { PrivateKey } from "openpgp";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { unlockSecretKey } from "../../platform/pgp/pgp-keys.ts";
import { teamKeys } from "./keys.tables.ts";
import type { KeyPurpose } from "./keys-rules.ts";

export interface TeamSigningKey {
  fingerprint: string;
  /** Unlocked: hold it only as long as the signing takes. */
  privateKey: PrivateKey;
  armoredPublic: string;
}

/**
 * The primary team key for `purpose`, unlocked: the tenant's own key when it
 * has one, else the team's. A key that cannot sign now (expired, revoked) is
 * refused with KEY_UNUSABLE rather than producing signatures nobody accepts.
 */
export async function getTeamSigningKey(
  db: Db,
  input: { purpose: KeyPurpose; tenantId?: string | null; keyPassphrase: () => string; now?: Date },
): Promise<TeamSigningKey> {
  const tenantMatch = input.tenantId
    ? or(eq(teamKeys.tenantId, input.tenantId), isNull(teamKeys.tenantId))
    : isNull(teamKeys.tenantId);
  const [row] = await db
    .select()
    .from(teamKeys)
    .where(and(eq(teamKeys.purpose, input.purpose), eq(teamKeys.isPrimary, true), tenantMatch))
    // false < true: the tenant's own key comes before the team's.
    .orderBy(sql`${teamKeys.tenantId} IS NULL`)
    .limit(1);
  if (!row) {
    throw new DomainError(
      "KEY_NOT_FOUND",
      `No ${input.purpose} team key; create one with ./vigil keys generate --purpose ${input.purpose}.`,
    );
  }
  const privateKey = await unlockSecretKey(row.encryptedSecret, input.keyPassphrase());
  try {
    await privateKey.getSigningKey(undefined, input.now ?? new Date());
  } catch (err) {
    throw new DomainError(
      "KEY_UNUSABLE",
      `Team key ${row.fingerprint} cannot sign: ${(err as Error).message}.`,
    );
  }
  return { fingerprint: row.fingerprint, privateKey, armoredPublic: row.armoredPublic };
}
