import { asc, desc } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import {
  type ContactKeyView,
  type TeamKeyView,
  toContactKeyView,
  toTeamKeyView,
} from "./key-views.ts";
import { contactKeys, teamKeys } from "./keys.tables.ts";
import { assertCanReadKeys } from "./keys-rules.ts";

export interface KeyList {
  team: TeamKeyView[];
  contacts: ContactKeyView[];
}

/** Every team and contact key with its hygiene warnings (expired, revoked, expiring soon). */
export async function listKeys(db: Db, input: { actor: Actor; now?: Date }): Promise<KeyList> {
  assertCanReadKeys(input.actor);
  const now = input.now ?? new Date();
  const team = await db
    .select()
    .from(teamKeys)
    .orderBy(asc(teamKeys.purpose), desc(teamKeys.isPrimary), desc(teamKeys.createdAt));
  const contacts = await db.select().from(contactKeys).orderBy(asc(contactKeys.addedAt));
  return {
    team: team.map((row) => toTeamKeyView(row, now)),
    contacts: contacts.map((row) => toContactKeyView(row, now)),
  };
}
