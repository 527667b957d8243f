import { z } from "zod";
import { papOutput, tlpOutput } from "../marking/marking.ts";
import type { reports } from "./reports.tables.ts";

export const reportChannels = ["email", "portal", "api", "phone", "other"] as const;
export const reportStatuses = ["open", "merged", "closed"] as const;

export const reportViewSchema = z.object({
  id: z.uuid(),
  ref: z.number().int(),
  tenantId: z.uuid(),
  channel: z.enum(reportChannels),
  reporterName: z.string().nullable(),
  reporterEmail: z.string().nullable(),
  receivedAt: z.iso.datetime(),
  subject: z.string(),
  summary: z.string(),
  sourceRef: z.string().nullable(),
  tlp: tlpOutput,
  pap: papOutput,
  urgent: z.boolean(),
  status: z.enum(reportStatuses),
  incidentId: z.uuid().nullable(),
  mergedIntoId: z.uuid().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ReportView = z.infer<typeof reportViewSchema>;

export function toReportView(row: typeof reports.$inferSelect): ReportView {
  return {
    id: row.id,
    ref: row.ref,
    tenantId: row.tenantId,
    channel: row.channel as ReportView["channel"],
    reporterName: row.reporterName,
    reporterEmail: row.reporterEmail,
    receivedAt: row.receivedAt.toISOString(),
    subject: row.subject,
    summary: row.summary,
    sourceRef: row.sourceRef,
    tlp: row.tlp as ReportView["tlp"],
    pap: row.pap as ReportView["pap"],
    urgent: row.urgent,
    status: row.status as ReportView["status"],
    incidentId: row.incidentId,
    mergedIntoId: row.mergedIntoId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
