import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import { type Actor, assertCan, type Role, type Scope, scopesForRole } from "./actor.ts";
import { apiTokens, users } from "./identity.tables.ts";
import { generateSecret, hashSecret } from "./secrets.ts";

export interface CreateApiTokenInput {
  actor: Actor;
  /** The owner, by e-mail or id; defaults to the actor. */
  owner?: { email: string } | { userId: string } | undefined;
  name?: string | undefined;
  /** Defaults to every scope the owner's role can use. */
  scopes?: Scope[] | undefined;
  expiresInDays?: number | undefined;
}

export interface CreatedApiToken {
  id: string;
  token: string;
  userId: string;
  email: string;
  scopes: Scope[];
  expiresAt: string | null;
}

/** Creates a bearer token; the secret is returned once and stored only as a hash. */
export async function createApiToken(db: Db, input: CreateApiTokenInput): Promise<CreatedApiToken> {
  const owner = input.owner;
  const where = !owner
    ? eq(users.id, input.actor.userId ?? "00000000-0000-0000-0000-000000000000")
    : "email" in owner
      ? eq(users.email, owner.email.trim().toLowerCase())
      : eq(users.id, owner.userId);
  return auditedTransaction(db, async (tx) => {
    const [user] = await tx.select().from(users).where(where);
    // Non-admins learn nothing about other accounts: "someone else" is refused before "missing".
    if (user?.id !== input.actor.userId) assertCan(input.actor, "users:manage");
    if (!user || user.disabled) throw new DomainError("USER_NOT_FOUND", "No such active user.");
    const allowed = scopesForRole(user.role as Role);
    // A scoped token may only mint tokens within its own scopes, or it could widen itself.
    const held = input.actor.scopes;
    const scopes = input.scopes ?? (held ? allowed.filter((s) => held.includes(s)) : allowed);
    const refused = scopes.filter((s) => !allowed.includes(s));
    if (refused.length > 0) {
      throw new DomainError(
        "FORBIDDEN",
        `The ${user.role} role cannot hold scope(s) ${refused.join(", ")}.`,
      );
    }
    const notHeld = held ? scopes.filter((s) => !held.includes(s)) : [];
    if (notHeld.length > 0 || scopes.length === 0) {
      throw new DomainError(
        "INSUFFICIENT_SCOPE",
        `This token cannot grant scope(s) it does not hold${notHeld.length > 0 ? `: ${notHeld.join(", ")}` : ""}.`,
      );
    }
    const token = generateSecret("vgt");
    const expiresAt = input.expiresInDays
      ? new Date(Date.now() + input.expiresInDays * 86_400_000)
      : null;
    const [row] = await tx
      .insert(apiTokens)
      .values({
        userId: user.id,
        name: input.name ?? "api",
        tokenHash: hashSecret(token),
        scopes,
        expiresAt,
      })
      .returning({ id: apiTokens.id });
    if (!row) throw new Error("insert returned no row");
    await appendAuditRecord(tx, input.actor, {
      action: "token.created",
      entityType: "api_token",
      entityId: row.id,
      tenantId: user.tenantId,
      data: { userId: user.id, scopes, name: input.name ?? "api", expiresAt },
    });
    return {
      id: row.id,
      token,
      userId: user.id,
      email: user.email,
      scopes,
      expiresAt: expiresAt?.toISOString() ?? null,
    };
  });
}
