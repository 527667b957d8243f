import { asc } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { type Actor, assertCan } from "./actor.ts";
import { users } from "./identity.tables.ts";
import { toUserView, type UserView } from "./user-view.ts";

export async function listUsers(db: Db, input: { actor: Actor }): Promise<UserView[]> {
  assertCan(input.actor, "users:manage");
  const rows = await db.select().from(users).orderBy(asc(users.email));
  return rows.map(toUserView);
}
