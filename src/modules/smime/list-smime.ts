import { asc } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { assertCanReadKeys } from "../keys/keys-rules.ts";
import { smimeIdentities, smimeTrustAnchors } from "./smime.tables.ts";
import {
  type SmimeIdentityView,
  type TrustAnchorView,
  toSmimeIdentityView,
  toTrustAnchorView,
} from "./smime-views.ts";

/** The team's S/MIME identities and trust anchors with expiry warnings (team members). */
export async function listSmime(
  db: Db,
  input: { actor: Actor },
): Promise<{ identities: SmimeIdentityView[]; trustAnchors: TrustAnchorView[] }> {
  assertCanReadKeys(input.actor);
  const identities = await db.select().from(smimeIdentities).orderBy(asc(smimeIdentities.addedAt));
  const anchors = await db.select().from(smimeTrustAnchors).orderBy(asc(smimeTrustAnchors.addedAt));
  return {
    identities: identities.map(toSmimeIdentityView),
    trustAnchors: anchors.map(toTrustAnchorView),
  };
}
