import { and, eq, gt, isNull, or } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { Actor, Role, Scope } from "./actor.ts";
import { apiTokens, sessions, users } from "./identity.tables.ts";
import { hashSecret } from "./secrets.ts";

export interface SessionActor {
  actor: Actor;
  csrfToken: string;
}

function actorFor(user: typeof users.$inferSelect, scopes: readonly Scope[] | null): Actor {
  return {
    userId: user.id,
    label: `user:${user.email}`,
    role: user.role as Role,
    tenantId: user.tenantId,
    scopes,
  };
}

/** Resolves a session cookie to its actor; expired sessions and disabled users fail. */
export async function authenticateSession(
  db: Db,
  sessionToken: string,
): Promise<SessionActor | null> {
  const now = new Date();
  const [row] = await db
    .select({ user: users, csrfToken: sessions.csrfToken })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(
      and(
        eq(sessions.tokenHash, hashSecret(sessionToken)),
        gt(sessions.expiresAt, now),
        eq(users.disabled, false),
      ),
    );
  if (!row) return null;
  return { actor: actorFor(row.user, null), csrfToken: row.csrfToken };
}

/** Resolves an API token (`Authorization: Bearer vgt_…`) to its actor, limited by its scopes. */
export async function authenticateToken(db: Db, token: string): Promise<Actor | null> {
  const now = new Date();
  const [row] = await db
    .select({
      user: users,
      tokenId: apiTokens.id,
      scopes: apiTokens.scopes,
      lastUsedAt: apiTokens.lastUsedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashSecret(token)),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
        eq(users.disabled, false),
      ),
    );
  if (!row) return null;
  // Record use at minute precision: a write per request would double the cost of every call.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.tokenId));
  }
  return actorFor(row.user, row.scopes as Scope[]);
}
