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
  z.object({
    type: z.literal("incident.triaged"),
    data: z.object({
      decisionId: z.string(),
      validity: z.string(),
      rsitClass: z.string().nullable(),
      rsitType: z.string().nullable(),
      inputs: z.object({
        impact: z.string(),
        scope: z.string(),
        businessImpact: z.string(),
        assetIds: z.array(z.string()),
        assetCriticality: z.string(),
      }),
      matrix: z.object({ id: z.string(), version: z.number(), tenantId: z.string().nullable() }),
      result: z.object({ severity: z.string(), priority: z.string(), score: z.number() }),
      explanation: z.array(z.string()),
      rationale: z.string(),
      changes,
    }),
  }),
  z.object({ type: z.literal("incident.acknowledged"), data: z.object({}) }),
  z.object({ type: z.literal("incident.contained"), data: z.object({ note: z.string() }) }),
  z.object({ type: z.literal("incident.sla_paused"), data: z.object({ reason: z.string() }) }),
  z.object({
    type: z.literal("incident.sla_resumed"),
    data: z.object({ pausedAt: z.string(), resumedAt: z.string() }),
  }),
  z.object({
    type: z.literal("observable.added"),
    data: z.object({
      observableId: z.string(),
      type: z.string(),
      value: z.string(),
      tlp: z.string(),
    }),
  }),
  z.object({
    type: z.literal("observable.removed"),
    data: z.object({ observableId: z.string(), type: z.string(), value: z.string() }),
  }),
  z.object({
    type: z.literal("observable.updated"),
    data: z.object({ observableId: z.string(), type: z.string(), value: z.string(), changes }),
  }),
  z.object({
    type: z.literal("observables.extracted"),
    data: z.object({ origin: z.string(), added: z.number(), seenAgain: z.number() }),
  }),
  z.object({
    type: z.literal("report.correlated"),
    data: z.object({
      jobId: z.number(),
      observables: z.number(),
      matchedObservables: z.number(),
      reports: z.number(),
      incidents: z.number(),
      iocs: z.number(),
      duplicates: z.number(),
    }),
  }),
  z.object({
    type: z.literal("psirt.case_created"),
    data: z.object({ ref: z.number(), title: z.string(), status: z.string(), tlp: z.string() }),
  }),
  z.object({ type: z.literal("psirt.case_updated"), data: z.object({ changes }) }),
  z.object({
    type: z.literal("psirt.status_changed"),
    data: z.object({ from: z.string(), to: z.string(), reason: z.string().optional() }),
  }),
  z.object({
    type: z.literal("psirt.embargo_set"),
    data: z.object({
      until: z.string().nullable(),
      zone: z.string().nullable(),
      from: z.string().nullable(),
    }),
  }),
  z.object({
    type: z.literal("psirt.embargo_reminder"),
    data: z.object({ reminder: z.string(), until: z.string() }),
  }),
  z.object({
    type: z.literal("psirt.party_added"),
    data: z.object({ partyId: z.string(), kind: z.string(), name: z.string(), status: z.string() }),
  }),
  z.object({
    type: z.literal("psirt.party_status_changed"),
    data: z.object({
      partyId: z.string(),
      name: z.string(),
      from: z.string(),
      to: z.string(),
      note: z.string().optional(),
    }),
  }),
  z.object({
    type: z.literal("psirt.cve_assigned"),
    data: z.object({ cveId: z.string(), source: z.string() }),
  }),
  z.object({
    type: z.literal("psirt.cve_state_changed"),
    data: z.object({ cveId: z.string(), action: z.string(), state: z.string() }),
  }),
  z.object({
    type: z.literal("psirt.advisory_published"),
    data: z.object({
      trackingId: z.string(),
      revision: z.number(),
      fileName: z.string(),
      sha512: z.string(),
      subscribersMailed: z.number(),
    }),
  }),
  z.object({
    type: z.literal("psirt.shared"),
    data: z.object({ format: z.string(), recipients: z.array(z.string()) }),
  }),
  z.object({
    type: z.literal("psirt.message_recorded"),
    data: z.object({
      direction: z.enum(["inbound", "outbound"]),
      messageId: z.string(),
      subject: z.string().optional(),
      partyId: z.string().optional(),
      encrypted: z.boolean().optional(),
    }),
  }),
  z.object({
    type: z.literal("intake.message_received"),
    data: z.object({
      inboundMessageId: z.string(),
      messageId: z.string(),
      from: z.string().nullable(),
      subject: z.string(),
      threadedBy: z.enum(["new", "subject-tag", "in-reply-to"]),
      encrypted: z.boolean(),
      decrypted: z.boolean().nullable(),
      signature: z.string(),
      signer: z.string().nullable(),
      attachments: z.number(),
    }),
  }),
  z.object({
    type: z.literal("intake.acknowledged"),
    data: z.object({
      inboundMessageId: z.string(),
      outboundMessageId: z.string(),
      to: z.string(),
      language: z.string(),
      signedBy: z.string().nullable(),
      encryptedTo: z.string().nullable(),
      warnings: z.array(z.string()),
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
