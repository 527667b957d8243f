import { z } from "zod";
import { observableTypes } from "../observables/observables-rules.ts";

export const correlateBody = z.strictObject({
  observables: z
    .array(z.strictObject({ type: z.enum(observableTypes), value: z.string().min(1).max(2048) }))
    .min(1)
    .max(1000),
  tenant: z
    .uuid()
    .optional()
    .describe("Team members: limit IOC hits to this tenant's and the shared ones"),
});

const caseMatch = z.object({
  kind: z.enum(["report", "incident"]),
  id: z.uuid(),
  ref: z.number().int(),
  title: z.string(),
  status: z.string(),
  tenantId: z.uuid(),
  tenant: z.string(),
  tlp: z.string(),
  observableTlp: z.string(),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
  incident: z.object({ id: z.uuid(), ref: z.number().int(), status: z.string() }).nullable(),
});

const iocMatch = z.object({
  id: z.number().int(),
  type: z.string(),
  value: z.string(),
  relation: z.enum(["exact", "contains", "contained"]),
  tenantId: z.uuid().nullable(),
  tlp: z.string(),
  description: z.string(),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
});

export const correlationSchema = z.object({
  matches: z.array(
    z.object({
      type: z.enum(observableTypes),
      value: z.string(),
      cases: z.array(caseMatch),
      iocs: z.array(iocMatch),
    }),
  ),
  invalid: z.array(z.object({ type: z.string(), value: z.string(), reason: z.string() })),
});

export const reportCorrelationsQuery = z.object({
  windowDays: z.coerce.number().int().min(0).max(365).optional(),
});

export const reportCorrelationsSchema = correlationSchema.extend({
  reportId: z.uuid(),
  observables: z.number().int(),
  suggestion: z
    .object({
      action: z.literal("link"),
      incidentId: z.uuid(),
      ref: z.number().int(),
      title: z.string().nullable(),
      status: z.string(),
      matchedObservables: z.number().int(),
      link: z.object({
        method: z.literal("POST"),
        path: z.string(),
        body: z.object({ incidentId: z.uuid() }),
      }),
    })
    .nullable(),
  duplicates: z.array(
    z.object({
      id: z.uuid(),
      ref: z.number().int(),
      subject: z.string(),
      receivedAt: z.iso.datetime(),
      reason: z.enum(["same reporter and observables", "same content"]),
      sharedObservables: z.number().int(),
      merge: z.object({
        method: z.literal("POST"),
        path: z.string(),
        body: z.object({ intoReportId: z.uuid() }),
      }),
    }),
  ),
});
