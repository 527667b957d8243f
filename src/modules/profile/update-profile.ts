import type { Db } from "../../platform/db/client.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { storedKeyFingerprints } from "./load-profile.ts";
import type { TeamProfileInput } from "./profile.schemas.ts";
import { teamProfileSchema } from "./profile.schemas.ts";
import {
  assertCanEditProfile,
  assertKeysMatch,
  checkListedKeys,
  nextEditedProfile,
} from "./profile-rules.ts";
import { type ProfileView, toProfileView } from "./profile-view.ts";
import { saveProfileRevision } from "./save-profile-revision.ts";

/**
 * Replaces the profile under optimistic concurrency. Each edit is a new document
 * version dated today, kept in the history; a listed key that is not the stored
 * key of its purpose is refused (PROFILE_KEY_MISMATCH).
 */
export async function updateProfile(
  db: Db,
  input: {
    actor: Actor;
    profile: TeamProfileInput;
    expectedRevision: number;
    securityTxtDays: number;
    now?: Date;
  },
): Promise<ProfileView> {
  assertCanEditProfile(input.actor);
  const now = input.now ?? new Date();
  const submitted = teamProfileSchema.parse(input.profile);
  return auditedTransaction(db, async (tx) => {
    const stored = await storedKeyFingerprints(tx);
    assertKeysMatch(checkListedKeys(submitted.contact.publicKeys.keys, stored));
    const saved = await saveProfileRevision(tx, {
      actor: input.actor,
      source: "edit",
      expectedRevision: input.expectedRevision,
      securityTxtDays: input.securityTxtDays,
      now,
      next: (current) =>
        current
          ? nextEditedProfile(current.profile, submitted, now.toISOString().slice(0, 10))
          : {
              ...submitted,
              document: { ...submitted.document, lastUpdated: now.toISOString().slice(0, 10) },
            },
    });
    return toProfileView(saved, stored);
  });
}
