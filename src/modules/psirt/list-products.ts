import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { type ProductView, toProductView } from "./product-view.ts";
import { psirtProducts } from "./psirt.tables.ts";

/** The product catalogue of the actor's tenant scope (team members only), by vendor and name. */
export async function listProducts(
  db: Db,
  input: { actor: Actor; tenantId?: string | undefined; ids?: string[] | undefined },
): Promise<ProductView[]> {
  assertCan(input.actor, "cases:read");
  if (input.actor.role === "constituent") return [];
  const tenantId = input.actor.tenantId ?? input.tenantId;
  const rows = await db
    .select()
    .from(psirtProducts)
    .where(
      and(
        tenantId ? eq(psirtProducts.tenantId, tenantId) : undefined,
        input.ids ? inArray(psirtProducts.id, input.ids) : undefined,
      ),
    )
    .orderBy(asc(psirtProducts.vendor), asc(psirtProducts.name))
    .limit(1000);
  return rows.map(toProductView);
}
