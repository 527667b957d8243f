import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { type TenantView, toTenantView } from "./tenant-view.ts";
import { tenants } from "./tenants.tables.ts";

/** Adds a constituency (MSSP customer). */
export async function createTenant(
  db: Db,
  input: { actor: Actor; slug: string; name: string },
): Promise<TenantView> {
  assertCan(input.actor, "tenants:manage");
  const slug = input.slug.trim().toLowerCase();
  return auditedTransaction(db, async (tx) => {
    const [existing] = await tx.select().from(tenants).where(eq(tenants.slug, slug));
    if (existing) throw new DomainError("TENANT_SLUG_TAKEN", `Tenant ${slug} exists.`);
    const [row] = await tx.insert(tenants).values({ slug, name: input.name.trim() }).returning();
    if (!row) throw new Error("insert returned no row");
    await appendAuditRecord(tx, input.actor, {
      action: "tenant.created",
      entityType: "tenant",
      entityId: row.id,
      tenantId: row.id,
      data: { slug, name: row.name },
    });
    return toTenantView(row);
  });
}
