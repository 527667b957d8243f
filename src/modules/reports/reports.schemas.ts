import { z } from "zod";
import { pageQuery, pageSchema } from "../../platform/pagination.ts";
import { papInput, tlpInput } from "../marking/marking.ts";
import { reportChannels, reportViewSchema } from "./report-view.ts";

const bool = z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean());

export const reportIdParams = z.object({
  id: z.string().min(1).max(64).describe("Report UUID or reference number"),
});

export const createReportBody = z.strictObject({
  channel: z.enum(reportChannels).default("api"),
  subject: z.string().trim().min(1).max(998),
  summary: z.string().max(200_000).optional(),
  reporterName: z.string().max(200).optional(),
  reporterEmail: z.email().max(254).optional(),
  receivedAt: z.iso
    .datetime({ offset: true })
    // An offset can push 0000/9999 dates outside what PostgreSQL timestamps accept.
    .refine((v) => {
      const year = new Date(v).getUTCFullYear();
      return year >= 1 && year <= 9999;
    }, "must be between years 0001 and 9999 (UTC)")
    .optional(),
  sourceRef: z.string().max(500).optional(),
  tlp: tlpInput.optional(),
  pap: papInput.optional(),
  urgent: z.boolean().optional(),
  tenant: z.string().max(64).optional(),
});

export const updateReportBody = z.strictObject({
  version: z.number().int().min(1).optional(),
  subject: z.string().trim().min(1).max(998).optional(),
  summary: z.string().max(200_000).optional(),
  tlp: tlpInput.optional(),
  pap: papInput.optional(),
  urgent: z.boolean().optional(),
  status: z.enum(["open", "closed"]).optional(),
});

export const listReportsQuery = z.strictObject({
  ...pageQuery,
  status: z.enum(["open", "merged", "closed"]).optional(),
  tenantId: z.uuid().optional(),
  incidentId: z.uuid().optional(),
  urgent: bool.optional(),
  tlp: tlpInput.optional(),
  channel: z.enum(reportChannels).optional(),
  q: z.string().max(200).optional(),
});

export const linkBody = z.strictObject({ incidentId: z.string().min(1).max(64) });
export const mergeBody = z.strictObject({
  intoReportId: z.string().min(1).max(64).describe("The report that absorbs this one"),
});

export const reportPageSchema = pageSchema(reportViewSchema);
