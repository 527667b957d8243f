import type { Db } from "../../platform/db/client.ts";
import { generateKeyPair, type KeyAlgorithm } from "../../platform/pgp/pgp-keys.ts";
import type { Actor } from "../identity/actor.ts";
import type { TeamKeyView } from "./key-views.ts";
import { assertCanManageTeamKeys } from "./keys-rules.ts";
import { saveTeamKey, type TeamKeyPlacement } from "./save-team-key.ts";

export interface GenerateTeamKeyInput extends TeamKeyPlacement {
  actor: Actor;
  name: string;
  email: string;
  algorithm?: KeyAlgorithm | undefined;
  expiresInDays?: number | undefined;
  /** The at-rest passphrase (derived from the instance secret), read only when needed. */
  keyPassphrase: () => string;
}

/** Generates a team key pair; the secret is stored encrypted at rest. Admin only. */
export async function generateTeamKey(db: Db, input: GenerateTeamKeyInput): Promise<TeamKeyView> {
  assertCanManageTeamKeys(input.actor);
  const pair = await generateKeyPair({
    userIds: [{ name: input.name, email: input.email.trim().toLowerCase() }],
    algorithm: input.algorithm,
    passphrase: input.keyPassphrase(),
    expiresInSeconds: input.expiresInDays ? input.expiresInDays * 86_400 : undefined,
  });
  return saveTeamKey(
    db,
    input.actor,
    { info: pair.info, armoredPublic: pair.armoredPublic, encryptedSecret: pair.armoredSecret },
    input,
    "team_key.generated",
  );
}
