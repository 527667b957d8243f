import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { teamKeys } from "../keys/keys.tables.ts";
import { type TeamProfile, teamProfileSchema } from "./profile.schemas.ts";
import { teamProfile } from "./profile.tables.ts";

export type ProfileRow = typeof teamProfile.$inferSelect;

export interface LoadedProfile {
  row: ProfileRow;
  profile: TeamProfile;
}

/** The current profile, or null before the first import or edit. */
export async function findProfile(
  db: Db,
  options: { forUpdate?: boolean } = {},
): Promise<LoadedProfile | null> {
  const query = db.select().from(teamProfile).where(eq(teamProfile.id, 1));
  const [row] = options.forUpdate ? await query.for("update") : await query;
  // Stored rows were valid when written; parsing again fills defaults added since.
  return row ? { row, profile: teamProfileSchema.parse(row.data) } : null;
}

export async function loadProfile(db: Db): Promise<LoadedProfile> {
  const found = await findProfile(db);
  if (!found) {
    throw new DomainError(
      "PROFILE_NOT_FOUND",
      "No team profile yet; import one with ./vigil profile import FILE.",
    );
  }
  return found;
}

/** Fingerprints of the team's primary (team-wide) key per purpose: what Vigil signs with. */
export async function storedKeyFingerprints(db: Db): Promise<Partial<Record<string, string>>> {
  const rows = await db
    .select({ purpose: teamKeys.purpose, fingerprint: teamKeys.fingerprint })
    .from(teamKeys)
    .where(and(eq(teamKeys.isPrimary, true), isNull(teamKeys.tenantId)));
  return Object.fromEntries(rows.map((r) => [r.purpose, r.fingerprint]));
}
