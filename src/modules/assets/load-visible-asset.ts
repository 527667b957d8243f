import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import type { Actor } from "../identity/actor.ts";
import { assets } from "./assets.tables.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Assets of the actor's tenant; team members see every tenant's. */
export function assetVisibleTo(actor: Actor): SQL | undefined {
  return actor.tenantId ? eq(assets.tenantId, actor.tenantId) : undefined;
}

/** One asset the actor may see, or ASSET_NOT_FOUND (also for another tenant's). */
export async function loadVisibleAsset(
  db: Db,
  actor: Actor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<typeof assets.$inferSelect> {
  if (UUID.test(id)) {
    const query = db
      .select()
      .from(assets)
      .where(and(eq(assets.id, id), assetVisibleTo(actor)));
    const [row] = options.forUpdate ? await query.for("update") : await query;
    if (row) return row;
  }
  throw new DomainError("ASSET_NOT_FOUND", `Asset ${id} not found.`);
}

/** The named assets of one tenant (a triage decision's); any other id fails. */
export async function loadTenantAssets(
  db: Db,
  tenantId: string,
  ids: readonly string[],
): Promise<(typeof assets.$inferSelect)[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const rows = await db
    .select()
    .from(assets)
    .where(and(eq(assets.tenantId, tenantId), inArray(assets.id, unique)));
  const missing = unique.filter((id) => !rows.some((r) => r.id === id));
  if (missing.length > 0) {
    throw new DomainError(
      "ASSET_NOT_FOUND",
      `Asset ${missing.join(", ")} not found in this tenant.`,
    );
  }
  return rows;
}
