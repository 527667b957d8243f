import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { psirtSubscribers } from "../psirt/psirt.tables.ts";
import { assertCanManagePsirt } from "../psirt/psirt-rules.ts";
import { resolveWriteTenant } from "../tenants/resolve-write-tenant.ts";

export interface SubscriberView {
  id: string;
  tenantId: string;
  email: string;
  name: string;
}

/** Subscribes a constituent address to the tenant's advisories (idempotent). */
export async function addSubscriber(
  db: Db,
  input: { actor: Actor; email: string; name?: string | undefined; tenant?: string | undefined },
): Promise<SubscriberView> {
  assertCanManagePsirt(input.actor);
  return auditedTransaction(db, async (tx) => {
    const tenantId = await resolveWriteTenant(tx, input.actor, input.tenant);
    const email = input.email.trim().toLowerCase();
    await tx
      .insert(psirtSubscribers)
      .values({ tenantId, email, name: input.name?.trim() ?? "" })
      .onConflictDoNothing();
    const [row] = await tx
      .select()
      .from(psirtSubscribers)
      .where(and(eq(psirtSubscribers.tenantId, tenantId), eq(psirtSubscribers.email, email)));
    if (!row) throw new Error("subscriber missing after insert");
    await appendAuditRecord(tx, input.actor, {
      action: "psirt.subscriber_added",
      entityType: "psirt_subscriber",
      entityId: row.id,
      tenantId,
      data: { email },
    });
    return { id: row.id, tenantId, email: row.email, name: row.name };
  });
}

/** The advisory subscribers in the actor's tenant scope. */
export async function listSubscribers(db: Db, input: { actor: Actor }): Promise<SubscriberView[]> {
  assertCan(input.actor, "psirt:manage");
  const rows = await db
    .select()
    .from(psirtSubscribers)
    .where(input.actor.tenantId ? eq(psirtSubscribers.tenantId, input.actor.tenantId) : undefined)
    .orderBy(asc(psirtSubscribers.email));
  return rows.map((r) => ({ id: r.id, tenantId: r.tenantId, email: r.email, name: r.name }));
}
