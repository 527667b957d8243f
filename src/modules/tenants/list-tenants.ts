import { asc, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { type TenantView, toTenantView } from "./tenant-view.ts";
import { tenants } from "./tenants.tables.ts";

/** Tenant-bound actors see their own tenant; team members see every constituency. */
export async function listTenants(db: Db, input: { actor: Actor }): Promise<TenantView[]> {
  const query = db.select().from(tenants).orderBy(asc(tenants.slug));
  const rows = input.actor.tenantId
    ? await query.where(eq(tenants.id, input.actor.tenantId))
    : await query;
  return rows.map(toTenantView);
}
