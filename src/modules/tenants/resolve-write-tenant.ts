import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import type { Actor } from "../identity/actor.ts";
import { findTenant } from "./find-tenant.ts";
import { tenants } from "./tenants.tables.ts";

/**
 * The tenant a new case belongs to. Tenant-bound actors (constituents, tenant
 * staff) always write into their own tenant; team members choose one, or get
 * the default constituency.
 */
export async function resolveWriteTenant(
  db: Db,
  actor: Actor,
  requested: string | undefined,
): Promise<string> {
  if (actor.tenantId) {
    if (requested) {
      const tenant = await findTenant(db, requested);
      if (!tenant || tenant.id !== actor.tenantId) {
        throw new DomainError("TENANT_MISMATCH", "You can only create cases in your own tenant.");
      }
    }
    return actor.tenantId;
  }
  if (requested) {
    const tenant = await findTenant(db, requested);
    if (!tenant) throw new DomainError("TENANT_NOT_FOUND", `No tenant ${requested}.`);
    return tenant.id;
  }
  const [fallback] = await db
    .select({ id: tenants.id })
    .from(tenants)
    .where(eq(tenants.slug, "default"));
  const [first] = fallback
    ? [fallback]
    : await db.select({ id: tenants.id }).from(tenants).limit(1);
  if (!first) throw new DomainError("TENANT_NOT_FOUND", "No tenant exists; create one first.");
  return first.id;
}
