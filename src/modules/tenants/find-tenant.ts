import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { tenants } from "./tenants.tables.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Finds a tenant by id or slug (the CLI takes either). */
export async function findTenant(
  db: Db,
  idOrSlug: string,
): Promise<typeof tenants.$inferSelect | undefined> {
  const where = UUID.test(idOrSlug) ? eq(tenants.id, idOrSlug) : eq(tenants.slug, idOrSlug);
  const [row] = await db.select().from(tenants).where(where);
  return row;
}
