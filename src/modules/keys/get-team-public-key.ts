import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { teamKeys } from "./keys.tables.ts";

/**
 * A team key's armored public part by fingerprint: public on purpose (linked
 * from security.txt and the RFC 2350 profile), revoked keys included so that
 * correspondents learn of the revocation.
 */
export async function getTeamPublicKey(db: Db, input: { fingerprint: string }): Promise<string> {
  const [row] = await db
    .select({ armoredPublic: teamKeys.armoredPublic })
    .from(teamKeys)
    .where(eq(teamKeys.fingerprint, input.fingerprint.toUpperCase()));
  if (!row) throw new DomainError("KEY_NOT_FOUND", `No team key ${input.fingerprint}.`);
  return row.armoredPublic;
}
