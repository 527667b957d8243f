import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import type { Actor } from "../identity/actor.ts";
import { findTenant } from "../tenants/find-tenant.ts";

/**
 * Whose settings a configuration request addresses: a tenant (id or slug), or
 * null for the team default. Tenant-bound actors only ever address their own
 * tenant; another tenant looks missing to them.
 */
export async function resolveConfigTenant(
  db: Db,
  actor: Actor,
  tenant: string | undefined,
): Promise<string | null> {
  if (!tenant) return actor.tenantId;
  const row = await findTenant(db, tenant);
  if (!row || (actor.tenantId && row.id !== actor.tenantId)) {
    throw new DomainError("TENANT_NOT_FOUND", `No tenant ${tenant}.`);
  }
  return row.id;
}
