import { z } from "zod";
import { tlpInput } from "../marking/marking.ts";

const common = {
  tenant: z.string().max(64).optional().describe("Tenant id or slug; absent: shared by the team"),
  tlp: tlpInput.optional().describe("TLP for rows that carry none (default GREEN)"),
  source: z.string().max(200).optional(),
};

export const importIocsBody = z.discriminatedUnion("format", [
  z.strictObject({ format: z.literal("csv"), csv: z.string().min(1).max(50_000_000), ...common }),
  z.strictObject({
    format: z.literal("stix"),
    bundle: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]),
    ...common,
  }),
]);

export const importResultSchema = z.object({
  received: z.number().int(),
  imported: z.number().int(),
  updated: z.number().int(),
  ignored: z.number().int(),
  skipped: z.array(z.object({ where: z.string(), reason: z.string() })),
});
