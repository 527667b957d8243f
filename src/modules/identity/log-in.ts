import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "./actor.ts";
import { sessions, users } from "./identity.tables.ts";
import { burnPasswordCheck, generateSecret, hashSecret, verifyPassword } from "./secrets.ts";
import { toUserView, type UserView } from "./user-view.ts";

export interface LogInResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  user: UserView;
}

/**
 * Password login creating a server-side session. The same error and the same
 * time for unknown e-mail, wrong password and disabled account.
 */
export async function logIn(
  db: Db,
  input: { email: string; password: string; ttlHours: number },
): Promise<LogInResult> {
  const email = input.email.trim().toLowerCase();
  const [user] = await db.select().from(users).where(eq(users.email, email));
  if (!user?.passwordHash) {
    await burnPasswordCheck(input.password);
    throw new DomainError("INVALID_CREDENTIALS", "Wrong e-mail or password.");
  }
  const ok = await verifyPassword(user.passwordHash, input.password);
  if (!ok || user.disabled) {
    throw new DomainError("INVALID_CREDENTIALS", "Wrong e-mail or password.");
  }
  const sessionToken = generateSecret("vgs");
  const csrfToken = generateSecret("csrf");
  const expiresAt = new Date(Date.now() + input.ttlHours * 3_600_000);
  const actor: Actor = {
    userId: user.id,
    label: `user:${user.email}`,
    role: user.role as Actor["role"],
    tenantId: user.tenantId,
    scopes: null,
  };
  await auditedTransaction(db, async (tx) => {
    await tx
      .insert(sessions)
      .values({ tokenHash: hashSecret(sessionToken), userId: user.id, csrfToken, expiresAt });
    await appendAuditRecord(tx, actor, {
      action: "user.logged_in",
      entityType: "user",
      entityId: user.id,
      tenantId: user.tenantId,
      data: null,
    });
  });
  return { sessionToken, csrfToken, expiresAt, user: toUserView(user) };
}
