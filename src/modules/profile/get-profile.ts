import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { loadProfile, storedKeyFingerprints } from "./load-profile.ts";
import { assertCanReadProfile } from "./profile-rules.ts";
import { type ProfileView, toProfileView } from "./profile-view.ts";

/** The current profile with the fingerprint check of every listed key (team members). */
export async function getProfile(db: Db, input: { actor: Actor }): Promise<ProfileView> {
  assertCanReadProfile(input.actor);
  return toProfileView(await loadProfile(db), await storedKeyFingerprints(db));
}
