import { and, count, eq, ne } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import { findTenant } from "../tenants/find-tenant.ts";
import { diffFields } from "../timeline/timeline-events.ts";
import { type Actor, assertCan, type Role } from "./actor.ts";
import { sessions, users } from "./identity.tables.ts";
import { toUserView, type UserView } from "./user-view.ts";

export interface UserPatch {
  role?: Role | undefined;
  tenant?: string | null | undefined;
  displayName?: string | undefined;
  disabled?: boolean | undefined;
}

/** Changes role, tenant or status; never leaves the team without an active admin. */
export async function updateUser(
  db: Db,
  input: { actor: Actor; id: string; patch: UserPatch },
): Promise<UserView> {
  assertCan(input.actor, "users:manage");
  return auditedTransaction(db, async (tx) => {
    const [before] = await tx.select().from(users).where(eq(users.id, input.id)).for("update");
    if (!before) throw new DomainError("USER_NOT_FOUND", "No such user.");
    let tenantId = before.tenantId;
    if (input.patch.tenant !== undefined) {
      if (input.patch.tenant === null) tenantId = null;
      else {
        const tenant = await findTenant(tx, input.patch.tenant);
        if (!tenant) throw new DomainError("TENANT_NOT_FOUND", `No tenant ${input.patch.tenant}.`);
        tenantId = tenant.id;
      }
    }
    const role = input.patch.role ?? (before.role as Role);
    if (role === "constituent" && !tenantId) {
      throw new DomainError("TENANT_REQUIRED", "A constituent must belong to a tenant.");
    }
    const disabled = input.patch.disabled ?? before.disabled;
    if (before.role === "admin" && !before.disabled && (role !== "admin" || disabled)) {
      const [others] = await tx
        .select({ n: count() })
        .from(users)
        .where(and(eq(users.role, "admin"), eq(users.disabled, false), ne(users.id, before.id)));
      if ((others?.n ?? 0) === 0) {
        throw new DomainError("LAST_ADMIN", "This is the last active admin; add another first.");
      }
    }
    const next = {
      role,
      tenantId,
      disabled,
      displayName: input.patch.displayName ?? before.displayName,
    };
    const changes = diffFields(before, next);
    const [row] = await tx
      .update(users)
      .set({ ...next, updatedAt: new Date() })
      .where(eq(users.id, before.id))
      .returning();
    if (!row) throw new Error("update returned no row");
    // A disabled user or a role change ends open sessions.
    if (changes.disabled || changes.role || changes.tenantId) {
      await tx.delete(sessions).where(eq(sessions.userId, row.id));
    }
    await appendAuditRecord(tx, input.actor, {
      action: "user.updated",
      entityType: "user",
      entityId: row.id,
      tenantId: row.tenantId,
      data: { changes },
    });
    return toUserView(row);
  });
}
