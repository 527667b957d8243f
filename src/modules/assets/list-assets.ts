import { and, asc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { type AssetView, toAssetView } from "./asset-view.ts";
import { assets } from "./assets.tables.ts";
import { assetVisibleTo } from "./load-visible-asset.ts";

/** The assets the actor may see, by tenant and name. */
export async function listAssets(
  db: Db,
  input: { actor: Actor; tenantId?: string | undefined },
): Promise<AssetView[]> {
  assertCan(input.actor, "cases:read");
  const conditions: (SQL | undefined)[] = [
    assetVisibleTo(input.actor),
    input.tenantId ? eq(assets.tenantId, input.tenantId) : undefined,
  ];
  const rows = await db
    .select()
    .from(assets)
    .where(and(...conditions))
    .orderBy(asc(assets.tenantId), asc(assets.name))
    .limit(1000);
  return rows.map(toAssetView);
}
