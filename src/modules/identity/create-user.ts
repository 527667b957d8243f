import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import { findTenant } from "../tenants/find-tenant.ts";
import { type Actor, assertCan, type Role } from "./actor.ts";
import { users } from "./identity.tables.ts";
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from "./secrets.ts";
import { toUserView, type UserView } from "./user-view.ts";

export interface CreateUserInput {
  actor: Actor;
  email: string;
  role: Role;
  /** Tenant id or slug; required for constituents. */
  tenant?: string | undefined;
  displayName?: string | undefined;
  /** When absent a password is generated and returned once. */
  password?: string | undefined;
}

export interface CreateUserResult {
  user: UserView;
  generatedPassword: string | null;
}

export async function createUser(db: Db, input: CreateUserInput): Promise<CreateUserResult> {
  assertCan(input.actor, "users:manage");
  const email = input.email.trim().toLowerCase();
  if (input.password !== undefined && input.password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError(
      "WEAK_PASSWORD",
      `Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`,
    );
  }
  const generatedPassword = input.password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(input.password ?? (generatedPassword as string));
  return auditedTransaction(db, async (tx) => {
    const tenant = input.tenant ? await findTenant(tx, input.tenant) : null;
    if (input.tenant && !tenant) {
      throw new DomainError("TENANT_NOT_FOUND", `No tenant ${input.tenant}.`);
    }
    if (input.role === "constituent" && !tenant) {
      throw new DomainError("TENANT_REQUIRED", "A constituent must belong to a tenant (--tenant).");
    }
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw new DomainError("EMAIL_TAKEN", `A user with e-mail ${email} exists.`);
    const [row] = await tx
      .insert(users)
      .values({
        email,
        role: input.role,
        tenantId: tenant?.id ?? null,
        displayName: input.displayName?.trim() ?? "",
        passwordHash,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const user = toUserView(row);
    await appendAuditRecord(tx, input.actor, {
      action: "user.created",
      entityType: "user",
      entityId: user.id,
      tenantId: user.tenantId,
      data: { email: user.email, role: user.role, tenantId: user.tenantId },
    });
    return { user, generatedPassword };
  });
}
