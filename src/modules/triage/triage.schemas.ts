import { z } from "zod";
import { pageQuery, pageSchema } from "../../platform/pagination.ts";
import { incidentViewSchema } from "../incidents/incident-view.ts";
import { incidentStatuses, priorities, severities } from "../incidents/incidents-rules.ts";
import { tlpInput, tlpOutput } from "../marking/marking.ts";
import { reportStatuses } from "../reports/report-view.ts";
import { slaClocks } from "../sla/sla-rules.ts";
import { impacts, levels, scopes, validities } from "./triage-rules.ts";

const token = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) =>
      typeof v === "string"
        ? v
            .trim()
            .toLowerCase()
            .replace(/[\s-]+/g, "_")
        : v,
    z.enum(values),
  );
const rsitValue = z.string().max(64);

export const triageBody = z.strictObject({
  version: z.number().int().min(1).optional().describe("Alternative to the If-Match header"),
  validity: token(validities).default("true_positive"),
  rsitClass: rsitValue.nullable().optional(),
  rsitType: rsitValue.nullable().optional(),
  impact: token(impacts).describe("Matrix row"),
  scope: token(scopes).describe("Matrix column"),
  businessImpact: token(levels).optional().describe("Defaults to medium"),
  assetIds: z.array(z.uuid()).max(100).optional(),
  rationale: z.string().max(10_000).optional(),
});
export const reportTriageBody = triageBody.omit({ version: true });

export const triageResultSchema = z.object({
  incident: incidentViewSchema,
  decisionId: z.uuid(),
  severity: z.enum(severities),
  priority: z.enum(priorities),
  explanation: z.array(z.string()),
  created: z.boolean().optional(),
});

export const triageDecisionSchema = z.object({
  id: z.uuid(),
  validity: z.string(),
  rsitClass: z.string().nullable(),
  rsitType: z.string().nullable(),
  impact: z.string(),
  scope: z.string(),
  matrixId: z.uuid(),
  matrixVersion: z.number().int(),
  assetIds: z.array(z.string()),
  businessImpact: z.string(),
  assetCriticality: z.string(),
  severity: z.string(),
  priority: z.string(),
  explanation: z.array(z.string()),
  rationale: z.string(),
  decidedBy: z.string().nullable(),
  decidedByLabel: z.string(),
  decidedAt: z.iso.datetime(),
});

export const suggestionSchema = z.object({
  class: z.string(),
  type: z.string(),
  score: z.number(),
  reason: z.string(),
});

export const suggestBody = z.strictObject({
  text: z.string().max(200_000),
  observableTypes: z.array(z.string().max(32)).max(50).optional(),
});

export const matrixQuery = z.strictObject({
  tenant: z.string().max(64).optional().describe("Tenant id or slug; absent: the team default"),
});

const severity = z.enum(severities);
const matrixCellsSchema = z.strictObject(
  Object.fromEntries(
    impacts.map((i) => [i, z.strictObject(Object.fromEntries(scopes.map((s) => [s, severity])))]),
  ),
);

export const matrixBody = z.strictObject({
  tenant: z.string().max(64).optional(),
  cells: matrixCellsSchema.describe("impact → scope → severity, every cell"),
  note: z.string().max(2000).optional(),
});

export const matrixViewSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid().nullable(),
  version: z.number().int(),
  cells: z.record(z.string(), z.record(z.string(), severity)),
  note: z.string(),
  createdAt: z.iso.datetime(),
  inherited: z.boolean(),
  impacts: z.array(z.string()),
  scopes: z.array(z.string()),
});

export const queueQuery = z.strictObject({
  ...pageQuery,
  tenantId: z.uuid().optional(),
  status: token([...new Set([...incidentStatuses, ...reportStatuses])] as [
    string,
    ...string[],
  ]).optional(),
  severity: token(severities).optional(),
  tlp: tlpInput.optional(),
  assignee: z.uuid().optional().describe("Incident lead"),
  kind: z.enum(["incident", "report"]).optional(),
  q: z.string().trim().min(1).max(200).optional().describe("Full-text search, English and French"),
});

export const queueItemSchema = z.object({
  kind: z.enum(["incident", "report"]),
  id: z.uuid(),
  ref: z.number().int(),
  tenantId: z.uuid(),
  title: z.string(),
  status: z.string(),
  severity: z.enum(severities).nullable(),
  priority: z.enum(priorities).nullable(),
  effectivePriority: z.enum(priorities),
  tlp: tlpOutput,
  leadId: z.uuid().nullable(),
  waiting: z.boolean(),
  nextDue: z.iso.datetime().nullable(),
  nextClock: z.enum(slaClocks).nullable(),
  breached: z.boolean(),
  openedAt: z.iso.datetime(),
});
export const queuePageSchema = pageSchema(queueItemSchema);
