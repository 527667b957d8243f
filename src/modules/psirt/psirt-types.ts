import { z } from "zod";

/** One version or branch of a catalogued product (CSAF product_version / CVE version). */
export const productVersionSchema = z.strictObject({
  version: z.string().trim().min(1).max(100),
  branch: z.string().trim().min(1).max(100).optional(),
  cpe: z.string().max(500).optional(),
  purl: z.string().max(500).optional(),
});
export type ProductVersion = z.infer<typeof productVersionSchema>;

export const versionStatuses = ["affected", "unaffected", "unknown"] as const;

/**
 * A version entry as CVE JSON 5 spells it: one `version`, or a range starting at
 * `version` and ending before `lessThan` / at `lessThanOrEqual`.
 */
export const versionRangeSchema = z
  .strictObject({
    version: z.string().trim().min(1).max(100),
    lessThan: z.string().trim().min(1).max(100).optional(),
    lessThanOrEqual: z.string().trim().min(1).max(100).optional(),
    status: z.enum(versionStatuses),
    versionType: z.string().trim().min(1).max(64).optional(),
  })
  .refine((v) => !(v.lessThan && v.lessThanOrEqual), {
    message: "give lessThan or lessThanOrEqual, not both",
  });
export type VersionRange = z.infer<typeof versionRangeSchema>;

export const affectedProductSchema = z.strictObject({
  productId: z.uuid().optional().describe("Catalogue product, when it is one"),
  vendor: z.string().trim().min(1).max(200),
  product: z.string().trim().min(1).max(200),
  cpe: z.string().max(500).optional(),
  purl: z.string().max(500).optional(),
  defaultStatus: z.enum(versionStatuses).optional(),
  versions: z.array(versionRangeSchema).min(1).max(200),
});
export type AffectedProduct = z.infer<typeof affectedProductSchema>;

/** CVE JSON 5 credit types. */
export const creditTypes = [
  "finder",
  "reporter",
  "analyst",
  "coordinator",
  "remediation developer",
  "remediation reviewer",
  "remediation verifier",
  "tool",
  "sponsor",
  "other",
] as const;

export const creditSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  type: z.enum(creditTypes).default("finder"),
  /** The person agreed to be named; without it the credit is never published. */
  consent: z.boolean(),
});
export type Credit = z.infer<typeof creditSchema>;
