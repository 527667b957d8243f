import { z } from "zod";
import type { tenants } from "./tenants.tables.ts";

export const tenantViewSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  createdAt: z.iso.datetime(),
});
export type TenantView = z.infer<typeof tenantViewSchema>;

export const toTenantView = (row: typeof tenants.$inferSelect): TenantView => ({
  id: row.id,
  slug: row.slug,
  name: row.name,
  createdAt: row.createdAt.toISOString(),
});
