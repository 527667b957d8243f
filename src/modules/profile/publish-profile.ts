import type { Db } from "../../platform/db/client.ts";
import { cleartextSign } from "../../platform/pgp/pgp-messages.ts";
import type { Actor } from "../identity/actor.ts";
import { getTeamSigningKey } from "../keys/get-team-signing-key.ts";
import { type LoadedProfile, loadProfile, storedKeyFingerprints } from "./load-profile.ts";
import type { ProfileFormat } from "./profile.schemas.ts";
import {
  assertCanReadProfile,
  assertKeysMatch,
  checkListedKeys,
  type ProfilePublishing,
} from "./profile-rules.ts";
import { contentTypes, renderProfile } from "./rfc2350-render.ts";

export interface PublishedDocument {
  format: ProfileFormat;
  contentType: string;
  signed: boolean;
  content: string;
}

/** The current profile, refused (PROFILE_KEY_MISMATCH) when a listed key is not the stored one. */
export async function loadPublishableProfile(
  db: Db,
): Promise<LoadedProfile & { stored: Partial<Record<string, string>> }> {
  const loaded = await loadProfile(db);
  const stored = await storedKeyFingerprints(db);
  assertKeysMatch(checkListedKeys(loaded.profile.contact.publicKeys.keys, stored));
  return { ...loaded, stored };
}

/** Cleartext-signs with the team's CERT key: `gpg --verify` accepts the result. */
export async function signWithTeamKey(
  db: Db,
  text: string,
  publishing: Pick<ProfilePublishing, "keyPassphrase">,
): Promise<string> {
  const key = await getTeamSigningKey(db, {
    purpose: "cert",
    keyPassphrase: publishing.keyPassphrase,
  });
  return cleartextSign(text, key.privateKey);
}

/**
 * The RFC 2350 document as published (GET /rfc2350.txt, `profile export`): plain
 * text, Markdown or HTML, the text optionally cleartext-signed with the team key.
 */
export async function publishProfile(
  db: Db,
  input: { format: ProfileFormat; sign: boolean; publishing: ProfilePublishing },
): Promise<PublishedDocument> {
  const { profile } = await loadPublishableProfile(db);
  const rendered = renderProfile(profile, input.format);
  const content = input.sign ? await signWithTeamKey(db, rendered, input.publishing) : rendered;
  return {
    format: input.format,
    contentType: contentTypes[input.format],
    signed: input.sign,
    content,
  };
}

/** `profile export` for team members: the same document, the same key check. */
export function exportProfile(
  db: Db,
  input: { actor: Actor; format: ProfileFormat; sign: boolean; publishing: ProfilePublishing },
): Promise<PublishedDocument> {
  assertCanReadProfile(input.actor);
  return publishProfile(db, input);
}
