import { z } from "zod";
import { ackLanguages, intakePurposes } from "./intake-rules.ts";

export const addIntakeAddressBody = z.strictObject({
  address: z.email().max(254),
  tenant: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe("Tenant id or slug; the default tenant if absent"),
  purpose: z
    .enum(intakePurposes)
    .optional()
    .describe("cert (reports) or psirt (vulnerability cases)"),
  language: z.enum(ackLanguages).optional().describe("Default acknowledgement language"),
});

export const idParams = z.object({ id: z.string().min(1).max(64) });

export const quarantineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
