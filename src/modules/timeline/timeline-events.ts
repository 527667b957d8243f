import { z } from "zod";

const change = z.object({ from: z.unknown(), to: z.unknown() });
const changes = z.record(z.string(), change);

/**
 * Every kind of event a case timeline can hold. Changing an event's shape is a
 * data migration: add a new type rather than reshaping an old one.
 */
export const timelineEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("incident.created"),
    data: z.object({
      ref: z.number(),
      title: z.string(),
      status: z.string(),
      severity: z.string(),
      tlp: z.string(),
      pap: z.string(),
    }),
  }),
  z.object({ type: z.literal("incident.updated"), data: z.object({ changes }) }),
  z.object({
    type: z.literal("incident.status_changed"),
    data: z.object({ from: z.string(), to: z.string(), reason: z.string().optional() }),
  }),
  z.object({
    type: z.literal("incident.member_added"),
    data: z.object({ userId: z.string(), email: z.string() }),
  }),
  z.object({
    type: z.literal("incident.member_removed"),
    data: z.object({ userId: z.string(), email: z.string() }),
  }),
  z.object({
    type: z.literal("report.created"),
    data: z.object({
      ref: z.number(),
      channel: z.string(),
      subject: z.string(),
      urgent: z.boolean(),
      tlp: z.string(),
      pap: z.string(),
    }),
  }),
  z.object({ type: z.literal("report.updated"), data: z.object({ changes }) }),
  z.object({
    type: z.literal("report.linked"),
    data: z.object({
      reportId: z.string(),
      reportRef: z.number(),
      incidentId: z.string(),
      incidentRef: z.number(),
    }),
  }),
  z.object({
    type: z.literal("report.unlinked"),
    data: z.object({
      reportId: z.string(),
      reportRef: z.number(),
      incidentId: z.string(),
      incidentRef: z.number(),
    }),
  }),
  z.object({
    type: z.literal("report.merged"),
    data: z.object({
      fromReportId: z.string(),
      fromRef: z.number(),
      intoReportId: z.string(),
      intoRef: z.number(),
    }),
  }),
]);

export type TimelineEvent = z.infer<typeof timelineEventSchema>;
export type TimelineEventType = TimelineEvent["type"];
export const timelineEventTypes = timelineEventSchema.options.map((o) => o.shape.type.value);

/** Field-by-field differences between two snapshots, for `*.updated` events and audit records. */
export function diffFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(after)) {
    if (to === undefined) continue;
    const from = before[key];
    if (JSON.stringify(from) !== JSON.stringify(to)) out[key] = { from: from ?? null, to };
  }
  return out;
}
