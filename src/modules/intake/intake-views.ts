import { z } from "zod";
import type { inboundAttachments, inboundMessages, intakeAddresses } from "./intake.tables.ts";
import { ackLanguages, intakePurposes } from "./intake-rules.ts";

export const intakeAddressViewSchema = z.object({
  id: z.uuid().nullable(),
  address: z.string(),
  tenantId: z.uuid(),
  purpose: z.enum(intakePurposes),
  language: z.enum(ackLanguages),
  /** `config`: added with `intake address add`; `profile`: an e-mail address of the team profile. */
  source: z.enum(["config", "profile"]),
  createdAt: z.iso.datetime().nullable(),
});
export type IntakeAddressView = z.infer<typeof intakeAddressViewSchema>;

export function toIntakeAddressView(row: typeof intakeAddresses.$inferSelect): IntakeAddressView {
  return {
    id: row.id,
    address: row.address,
    tenantId: row.tenantId,
    purpose: row.purpose as IntakeAddressView["purpose"],
    language: row.language as IntakeAddressView["language"],
    source: "config",
    createdAt: row.createdAt.toISOString(),
  };
}

export const attachmentViewSchema = z.object({
  id: z.uuid(),
  filename: z.string().nullable(),
  contentType: z.string(),
  sha256: z.string(),
  size: z.number().int(),
  /** A forwarded message/rfc822 part's headers (From, Subject, Received …). */
  forwardedHeaders: z.record(z.string(), z.string()).nullable(),
  downloadUrl: z.string(),
});

export const cryptoViewSchema = z.object({
  encrypted: z.boolean(),
  decrypted: z.boolean().nullable(),
  signature: z.enum(["valid", "invalid", "unknown-key", "none"]),
  signer: z.string().nullable(),
  signerKeyId: z.string().nullable(),
  notes: z.array(z.string()),
});

export const inboundMessageViewSchema = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  reportId: z.uuid().nullable(),
  incidentId: z.uuid().nullable(),
  status: z.enum(["received", "processed", "quarantined", "deleted"]),
  source: z.enum(["smtp", "imap", "api"]),
  intakeAddress: z.string().nullable(),
  messageId: z.string(),
  receivedAt: z.iso.datetime(),
  sentAt: z.iso.datetime().nullable(),
  from: z.string().nullable(),
  fromName: z.string().nullable(),
  to: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  /** Sanitised HTML, safe to display; the raw HTML is in the raw message. */
  html: z.string().nullable(),
  language: z.string().nullable(),
  urgent: z.boolean(),
  tlp: z.string().nullable(),
  pap: z.string().nullable(),
  threadedBy: z.string().nullable(),
  crypto: cryptoViewSchema,
  attachments: z.array(attachmentViewSchema),
  acknowledgement: z.object({ status: z.string().nullable(), note: z.string().nullable() }),
  quarantineReason: z.string().nullable(),
  rawUrl: z.string(),
  rawSize: z.number().int(),
  rawSha256: z.string(),
});
export type InboundMessageView = z.infer<typeof inboundMessageViewSchema>;

export function toInboundMessageView(
  row: typeof inboundMessages.$inferSelect,
  attachments: (typeof inboundAttachments.$inferSelect)[],
): InboundMessageView {
  return {
    id: row.id,
    tenantId: row.tenantId,
    reportId: row.reportId,
    incidentId: row.incidentId,
    status: row.status as InboundMessageView["status"],
    source: row.sourceKind as InboundMessageView["source"],
    intakeAddress: row.intakeAddress,
    messageId: row.messageId,
    receivedAt: row.receivedAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    from: row.fromAddress ?? (row.envelopeFrom || null),
    fromName: row.fromName,
    to: row.envelopeTo,
    subject: row.subject,
    text: row.bodyText,
    html: row.bodyHtml,
    language: row.language,
    urgent: row.urgent,
    tlp: row.tlp,
    pap: row.pap,
    threadedBy: row.threadedBy,
    crypto: {
      encrypted: row.encrypted,
      decrypted: row.decrypted,
      signature: row.signature as InboundMessageView["crypto"]["signature"],
      signer: row.signerFingerprint,
      signerKeyId: row.signerKeyId,
      notes: row.cryptoNotes,
    },
    attachments: attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      sha256: a.sha256,
      size: a.size,
      forwardedHeaders: (a.forwardedHeaders as Record<string, string> | null) ?? null,
      downloadUrl: `/api/intake/attachments/${a.id}`,
    })),
    acknowledgement: { status: row.ackStatus, note: row.ackNote },
    quarantineReason: row.quarantineReason,
    rawUrl: `/api/intake/messages/${row.id}/raw`,
    rawSize: row.rawSize,
    rawSha256: row.rawSha256,
  };
}
