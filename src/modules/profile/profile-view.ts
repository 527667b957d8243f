import type { z } from "zod";
import { teamKeyPath } from "../keys/key-views.ts";
import type { LoadedProfile } from "./load-profile.ts";
import type { profileViewSchema } from "./profile.schemas.ts";
import { checkListedKeys } from "./profile-rules.ts";

export type ProfileView = z.infer<typeof profileViewSchema>;

/** The profile as the admin API shows it: with the fingerprint check of every listed key. */
export function toProfileView(
  loaded: LoadedProfile,
  stored: Partial<Record<string, string>>,
): ProfileView {
  const { row, profile } = loaded;
  return {
    revision: row.revision,
    documentVersion: row.documentVersion,
    lastUpdated: row.lastUpdated,
    securityTxtExpiresAt: row.securityTxtExpiresAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy,
    profile,
    keys: checkListedKeys(profile.contact.publicKeys.keys, stored).map((check) => ({
      ...check,
      publicKeyUrl: check.storedFingerprint ? teamKeyPath(check.storedFingerprint) : null,
    })),
  };
}
