import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { describeKey, lockSecretKey, readSecretKey } from "../../platform/pgp/pgp-keys.ts";
import type { Actor } from "../identity/actor.ts";
import type { TeamKeyView } from "./key-views.ts";
import { assertCanManageTeamKeys } from "./keys-rules.ts";
import { saveTeamKey, type TeamKeyPlacement } from "./save-team-key.ts";

export interface ImportTeamSecretKeyInput extends TeamKeyPlacement {
  actor: Actor;
  armored: string;
  /** The passphrase the exported key is protected with, if any. */
  passphrase?: string | undefined;
  keyPassphrase: () => string;
}

/**
 * Imports an existing team secret key (e.g. `gpg --export-secret-keys --armor`).
 * It is re-encrypted with the at-rest passphrase; a key that cannot sign now
 * (revoked, expired, no signing key) is refused. Admin only.
 */
export async function importTeamSecretKey(
  db: Db,
  input: ImportTeamSecretKeyInput,
): Promise<TeamKeyView> {
  assertCanManageTeamKeys(input.actor);
  const key = await readSecretKey(input.armored, input.passphrase);
  try {
    await key.getSigningKey();
  } catch (err) {
    throw new DomainError(
      "KEY_UNUSABLE",
      `This key cannot sign now (${(err as Error).message}); import a valid team key.`,
    );
  }
  return saveTeamKey(
    db,
    input.actor,
    {
      info: await describeKey(key),
      armoredPublic: key.toPublic().armor(),
      encryptedSecret: await lockSecretKey(key, input.keyPassphrase()),
    },
    input,
    "team_key.imported",
  );
}
