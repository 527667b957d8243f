import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { sessions } from "./identity.tables.ts";
import { hashSecret } from "./secrets.ts";

export async function logOut(db: Db, sessionToken: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashSecret(sessionToken)));
}
