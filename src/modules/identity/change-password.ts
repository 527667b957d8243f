import { and, eq, ne } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "./actor.ts";
import { sessions, users } from "./identity.tables.ts";
import { hashPassword, hashSecret, MIN_PASSWORD_LENGTH, verifyPassword } from "./secrets.ts";

/** Changes the actor's own password and ends their other sessions. */
export async function changePassword(
  db: Db,
  input: { actor: Actor; current: string; next: string; keepSession?: string | undefined },
): Promise<void> {
  if (!input.actor.userId) throw new DomainError("FORBIDDEN", "Only users have passwords.");
  if (input.next.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError(
      "WEAK_PASSWORD",
      `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  }
  const [user] = await db.select().from(users).where(eq(users.id, input.actor.userId));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.current))) {
    throw new DomainError("INVALID_CREDENTIALS", "The current password is wrong.");
  }
  const passwordHash = await hashPassword(input.next);
  await auditedTransaction(db, async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date() })
      .where(eq(users.id, user.id));
    const keep = input.keepSession ? hashSecret(input.keepSession) : "";
    await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, user.id), ne(sessions.tokenHash, keep)));
    await appendAuditRecord(tx, input.actor, {
      action: "user.password_changed",
      entityType: "user",
      entityId: user.id,
      tenantId: user.tenantId,
      data: null,
    });
  });
}
