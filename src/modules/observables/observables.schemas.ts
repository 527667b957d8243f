import { z } from "zod";
import { tlpInput } from "../marking/marking.ts";
import { observableViewSchema } from "./observable-view.ts";
import { observableTypes } from "./observables-rules.ts";

export const caseIdParams = z.object({
  id: z.string().min(1).max(64).describe("Case UUID or reference number"),
});

export const observableIdParams = caseIdParams.extend({
  observableId: z.uuid().describe("Observable UUID"),
});

export const addObservableBody = z.strictObject({
  type: z.enum(observableTypes),
  value: z.string().trim().min(1).max(2048),
  tlp: tlpInput.optional(),
});

export const updateObservableBody = z
  .strictObject({ falsePositive: z.boolean().optional(), tlp: tlpInput.optional() })
  .refine((b) => b.falsePositive !== undefined || b.tlp !== undefined, {
    message: "give falsePositive or tlp",
  });

export const observableListSchema = z.object({ items: z.array(observableViewSchema) });

export const extractionResultSchema = z.object({
  added: z.number().int(),
  seenAgain: z.number().int(),
});
