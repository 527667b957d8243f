import { z } from "zod";
import { levels } from "../triage/triage-rules.ts";
import { assetKinds } from "./asset-view.ts";

const lower = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(values));

const fields = {
  name: z.string().trim().min(1).max(200),
  kind: lower(assetKinds),
  identifiers: z
    .array(z.string().trim().min(1).max(500))
    .max(200)
    .optional()
    .describe("Hostnames, IP addresses or ranges, CPE names…"),
  owner: z.string().max(200).optional(),
  criticality: lower(levels),
};

export const assetIdParams = z.object({ id: z.uuid() });

export const createAssetBody = z.strictObject({
  ...fields,
  tenant: z.string().max(64).optional().describe("Tenant id or slug (team members only)"),
});

export const updateAssetBody = z.strictObject({
  version: z.number().int().min(1).optional().describe("Alternative to the If-Match header"),
  name: fields.name.optional(),
  kind: fields.kind.optional(),
  identifiers: fields.identifiers,
  owner: fields.owner,
  criticality: fields.criticality.optional(),
});

export const listAssetsQuery = z.strictObject({ tenantId: z.uuid().optional() });
