import { z } from "zod";
import type { psirtProducts } from "./psirt.tables.ts";
import { productVersionSchema } from "./psirt-types.ts";

export const productViewSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  vendor: z.string(),
  name: z.string(),
  cpe: z.string().nullable(),
  purl: z.string().nullable(),
  versions: z.array(productVersionSchema),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ProductView = z.infer<typeof productViewSchema>;

export function toProductView(row: typeof psirtProducts.$inferSelect): ProductView {
  return {
    id: row.id,
    tenantId: row.tenantId,
    vendor: row.vendor,
    name: row.name,
    cpe: row.cpe,
    purl: row.purl,
    versions: row.versions,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
