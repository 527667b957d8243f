import { z } from "zod";
import { pageQuery, pageSchema } from "../../platform/pagination.ts";
import { papInput, tlpInput } from "../marking/marking.ts";
import { incidentViewSchema } from "./incident-view.ts";
import { incidentStatuses, priorities, severities } from "./incidents-rules.ts";

const lower = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(values));
const statusInput = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, "_")
      : v,
  z.enum(incidentStatuses),
);
const priorityInput = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toUpperCase() : v),
  z.enum(priorities),
);
const rsitValue = z.string().max(64);

export const idParams = z.object({
  id: z.string().min(1).max(64).describe("Incident UUID or reference number"),
});

export const createIncidentBody = z.strictObject({
  title: z.string().trim().min(1).max(300),
  description: z.string().max(100_000).optional(),
  severity: lower(severities).optional(),
  priority: priorityInput.optional(),
  tlp: tlpInput.optional(),
  pap: papInput.optional(),
  rsitClass: rsitValue.optional(),
  rsitType: rsitValue.optional(),
  tenant: z.string().max(64).optional().describe("Tenant id or slug (team members only)"),
  leadId: z.uuid().optional(),
  restricted: z.boolean().optional().describe("Need-to-know: only named members see it"),
  memberIds: z.array(z.uuid()).max(100).optional(),
  reportIds: z.array(z.string().max(64)).max(500).optional(),
});

export const updateIncidentBody = z.strictObject({
  version: z.number().int().min(1).optional().describe("Alternative to the If-Match header"),
  title: z.string().trim().min(1).max(300).optional(),
  description: z.string().max(100_000).optional(),
  severity: lower(severities).optional(),
  priority: priorityInput.nullable().optional(),
  tlp: tlpInput.optional(),
  pap: papInput.optional(),
  rsitClass: rsitValue.nullable().optional(),
  rsitType: rsitValue.nullable().optional(),
  leadId: z.uuid().nullable().optional(),
  restricted: z.boolean().optional(),
});

export const transitionBody = z.strictObject({
  status: statusInput,
  version: z.number().int().min(1).optional(),
  reason: z.string().max(2000).optional(),
});

export const listIncidentsQuery = z.strictObject({
  ...pageQuery,
  status: statusInput.optional(),
  severity: lower(severities).optional(),
  tenantId: z.uuid().optional(),
  tlp: tlpInput.optional(),
  leadId: z.uuid().optional(),
  q: z.string().max(200).optional(),
});

export const memberBody = z.strictObject({ userId: z.uuid() });
export const memberParams = z.object({ id: z.string().min(1).max(64), userId: z.uuid() });

export const incidentMemberSchema = z.object({
  userId: z.uuid(),
  email: z.string(),
  role: z.string(),
  addedAt: z.iso.datetime(),
});

export const incidentPageSchema = pageSchema(incidentViewSchema);
