import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { Actor, Role, Scope } from "./actor.ts";
import { authenticateSession } from "./authenticate.ts";
import { users } from "./identity.tables.ts";
import { toUserView, type UserView } from "./user-view.ts";

export interface CallerDescription {
  user: UserView | null;
  actor: string;
  role: Role;
  tenantId: string | null;
  scopes: Scope[] | null;
  csrfToken: string | null;
}

/** Who is calling, and the CSRF token the web app needs when it uses a session. */
export async function describeCaller(
  db: Db,
  actor: Actor,
  sessionToken: string | undefined,
): Promise<CallerDescription> {
  const [row] = actor.userId ? await db.select().from(users).where(eq(users.id, actor.userId)) : [];
  const session = sessionToken ? await authenticateSession(db, sessionToken) : null;
  return {
    user: row ? toUserView(row) : null,
    actor: actor.label,
    role: actor.role,
    tenantId: actor.tenantId,
    scopes: actor.scopes ? [...actor.scopes] : null,
    csrfToken: session?.actor.userId === actor.userId ? session.csrfToken : null,
  };
}
