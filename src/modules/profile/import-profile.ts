import type { Db } from "../../platform/db/client.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { storedKeyFingerprints } from "./load-profile.ts";
import { assertCanEditProfile, bindListedKeys } from "./profile-rules.ts";
import { type ProfileView, toProfileView } from "./profile-view.ts";
import { profileFromRfc2350 } from "./rfc2350-import.ts";
import { saveProfileRevision } from "./save-profile-revision.ts";

/**
 * Imports an existing RFC 2350 text as the new current profile, keeping its own
 * version and date. Keys the document lists are bound to the team keys Vigil
 * stores (it signs with those); every assumption is returned as a warning.
 */
export async function importProfile(
  db: Db,
  input: {
    actor: Actor;
    text: string;
    expectedRevision?: number | undefined;
    securityTxtDays: number;
    now?: Date;
  },
): Promise<ProfileView & { warnings: string[] }> {
  assertCanEditProfile(input.actor);
  const now = input.now ?? new Date();
  const imported = profileFromRfc2350(input.text, { today: now.toISOString().slice(0, 10) });
  return auditedTransaction(db, async (tx) => {
    const stored = await storedKeyFingerprints(tx);
    const bound = bindListedKeys(imported.profile, stored);
    const saved = await saveProfileRevision(tx, {
      actor: input.actor,
      source: "import",
      expectedRevision: input.expectedRevision,
      securityTxtDays: input.securityTxtDays,
      now,
      next: () => bound.profile,
    });
    return { ...toProfileView(saved, stored), warnings: [...imported.warnings, ...bound.warnings] };
  });
}
