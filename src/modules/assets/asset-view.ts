import { z } from "zod";
import { levels } from "../triage/triage-rules.ts";
import type { assets } from "./assets.tables.ts";

export const assetKinds = ["host", "application", "network", "service", "data", "other"] as const;

export const assetViewSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  name: z.string(),
  kind: z.enum(assetKinds),
  identifiers: z.array(z.string()),
  owner: z.string(),
  criticality: z.enum(levels),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type AssetView = z.infer<typeof assetViewSchema>;

export function toAssetView(row: typeof assets.$inferSelect): AssetView {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    kind: row.kind as AssetView["kind"],
    identifiers: row.identifiers,
    owner: row.owner,
    criticality: row.criticality as AssetView["criticality"],
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
