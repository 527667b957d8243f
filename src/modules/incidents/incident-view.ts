import { z } from "zod";
import { papOutput, tlpOutput } from "../marking/marking.ts";
import { slaViewSchema } from "../sla/sla-view.ts";
import type { incidents } from "./incidents.tables.ts";
import {
  allowedTransitions,
  type IncidentStatus,
  incidentStatuses,
  priorities,
  severities,
} from "./incidents-rules.ts";

export const incidentViewSchema = z.object({
  id: z.uuid(),
  ref: z.number().int(),
  tenantId: z.uuid(),
  title: z.string(),
  description: z.string(),
  status: z.enum(incidentStatuses),
  allowedTransitions: z.array(z.enum(incidentStatuses)),
  severity: z.enum(severities),
  priority: z.enum(priorities).nullable(),
  rsitClass: z.string().nullable(),
  rsitType: z.string().nullable(),
  tlp: tlpOutput,
  pap: papOutput,
  leadId: z.uuid().nullable(),
  restricted: z.boolean(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  closedAt: z.iso.datetime().nullable(),
  /** Due/breach per SLA clock; present on GET /api/incidents/{id}. */
  sla: slaViewSchema.optional(),
});
export type IncidentView = z.infer<typeof incidentViewSchema>;

export function toIncidentView(row: typeof incidents.$inferSelect): IncidentView {
  const status = row.status as IncidentStatus;
  return {
    id: row.id,
    ref: row.ref,
    tenantId: row.tenantId,
    title: row.title,
    description: row.description,
    status,
    allowedTransitions: [...allowedTransitions(status)],
    severity: row.severity as IncidentView["severity"],
    priority: row.priority as IncidentView["priority"],
    rsitClass: row.rsitClass,
    rsitType: row.rsitType,
    tlp: row.tlp as IncidentView["tlp"],
    pap: row.pap as IncidentView["pap"],
    leadId: row.leadId,
    restricted: row.restricted,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
  };
}
