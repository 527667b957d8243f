import { buffer } from "node:stream/consumers";
import { and, eq } from "drizzle-orm";
import { blobs } from "../../platform/blobs/blobs.tables.ts";
import type { Db } from "../../platform/db/client.ts";
import { enqueueJob } from "../../platform/jobs/enqueue-job.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { linkContact } from "../contacts/link-contact.ts";
import { systemActor } from "../identity/actor.ts";
import { getIntakeDefaultMarking } from "../profile/team-settings.ts";
import { createVulnerabilityCase } from "../psirt/create-vulnerability-case.ts";
import { createReport } from "../reports/create-report.ts";
import { findThread, type ThreadTarget } from "./find-thread.ts";
import { inboundAttachments, inboundMessages, intakeAddresses } from "./intake.tables.ts";
import type { IntakeDeps } from "./intake-deps.ts";
import {
  type AckLanguage,
  autoReplySuppression,
  chooseLanguage,
  isUrgent,
  parseMarkings,
  summarise,
} from "./intake-rules.ts";
import { QuarantineVerdict } from "./mime-structure.ts";
import { type ParsedIntakeMessage, parseIntakeMessage } from "./parse-intake-message.ts";

export const INTAKE_ACK_JOB = "intake.acknowledge.v1";

export interface ProcessResult {
  status: "processed" | "quarantined" | "deleted" | "missing";
  reportId: string | null;
  incidentId: string | null;
}

type InboundRow = typeof inboundMessages.$inferSelect;

/**
 * Turns an accepted message into case data: parse and decrypt, then in one
 * transaction create a report (or thread onto the report/incident it
 * continues), link the reporter contact, record attachments, the timeline
 * event and the crypto outcome, and decide the acknowledgement. Idempotent:
 * a message already processed is left as it is. Hostile content found here
 * (decompression bombs, parser failure) quarantines the message instead.
 */
export async function processInboundMessage(
  deps: IntakeDeps,
  input: { inboundMessageId: string; released?: boolean },
): Promise<ProcessResult> {
  const { db } = deps;
  const [row] = await db
    .select()
    .from(inboundMessages)
    .where(eq(inboundMessages.id, input.inboundMessageId));
  if (!row) return { status: "missing", reportId: null, incidentId: null };
  if (row.status !== "received") return resultOf(row);
  const raw = await buffer(await deps.blobStore.get(row.rawSha256));
  let parsed: ParsedIntakeMessage;
  try {
    parsed = await parseIntakeMessage(raw, {
      providers: deps.cryptoProviders,
      context: {
        tenantId: row.tenantId,
        purpose: row.purpose as "cert" | "psirt",
        senderAddress: row.envelopeFrom || null,
      },
      mimeLimits: deps.limits.mime,
      archiveLimits: deps.limits.archive,
      timeoutMs: deps.limits.parseTimeoutMs,
      ignoreQuarantine: input.released ?? false,
    });
  } catch (err) {
    if (!(err instanceof QuarantineVerdict)) throw err;
    return quarantine(db, row, err.message);
  }
  for (const attachment of parsed.attachments) await deps.blobStore.put(attachment.content);

  return auditedTransaction(db, async (tx) => {
    const [locked] = await tx
      .select()
      .from(inboundMessages)
      .where(eq(inboundMessages.id, row.id))
      .for("update");
    if (locked?.status !== "received") {
      return locked ? resultOf(locked) : { status: "missing", reportId: null, incidentId: null };
    }
    return recordMessage(tx, locked, parsed);
  });
}

async function recordMessage(
  tx: Db,
  row: InboundRow,
  parsed: ParsedIntakeMessage,
): Promise<ProcessResult> {
  const marking = parseMarkings(parsed.subject, parsed.text);
  const urgent = isUrgent(parsed.subject);
  const subject = parsed.subject || "(no subject)";
  const contact = parsed.fromAddress
    ? await linkContact(tx, {
        tenantId: row.tenantId,
        email: parsed.fromAddress,
        name: parsed.fromName,
      })
    : null;
  const thread = await findThread(tx, {
    tenantId: row.tenantId,
    subject: parsed.subject,
    replyTo: [...(parsed.inReplyTo ? [parsed.inReplyTo] : []), ...parsed.references],
  });
  const fallbackLanguage: AckLanguage = row.intakeAddress ? await addressLanguage(tx, row) : "en";
  const language = chooseLanguage(parsed.header, fallbackLanguage);
  let target: ThreadTarget | { reportId: string; incidentId: null; by: "new" };
  if (thread) {
    target = thread;
  } else {
    const defaults = await getIntakeDefaultMarking(tx);
    const report = await createReport(tx, {
      actor: systemActor,
      channel: "email",
      subject,
      summary: summarise(parsed.text) || cryptoSummaryLine(parsed),
      reporterName: parsed.fromName ?? undefined,
      reporterEmail: parsed.fromAddress ?? undefined,
      receivedAt: row.receivedAt,
      sourceRef: `/api/intake/messages/${row.id}/raw`,
      tlp: marking.tlp ?? defaults.tlp,
      pap: marking.pap ?? defaults.pap,
      urgent,
      tenant: row.tenantId,
    });
    target = { reportId: report.id, incidentId: null, by: "new" };
    if (row.purpose === "psirt") {
      await createVulnerabilityCase(tx, {
        actor: systemActor,
        title: subject,
        reporter: {
          name: parsed.fromName ?? undefined,
          email: parsed.fromAddress ?? undefined,
          pgpFingerprint:
            parsed.crypto.signature === "valid"
              ? (parsed.crypto.signerFingerprint ?? undefined)
              : undefined,
        },
        description: parsed.text,
        tlp: marking.tlp ?? undefined,
        tenant: row.tenantId,
        sourceReportId: report.id,
      });
    }
  }

  if (parsed.attachments.length > 0) {
    await tx
      .insert(blobs)
      .values(parsed.attachments.map((a) => ({ sha256: a.sha256, size: a.size })))
      .onConflictDoNothing();
    await tx.insert(inboundAttachments).values(
      parsed.attachments.map((a, position) => ({
        inboundMessageId: row.id,
        position,
        filename: a.filename,
        contentType: a.contentType,
        sha256: a.sha256,
        size: a.size,
        forwardedHeaders: a.forwardedHeaders,
      })),
    );
  }

  await recordCaseChanges(tx, systemActor, [
    {
      subject: { tenantId: row.tenantId, reportId: target.reportId, incidentId: target.incidentId },
      entityType: target.reportId ? "report" : "incident",
      entityId: (target.reportId ?? target.incidentId) as string,
      event: {
        type: "intake.message_received",
        data: {
          inboundMessageId: row.id,
          messageId: parsed.messageId,
          from: parsed.fromAddress,
          subject,
          threadedBy: target.by,
          encrypted: parsed.crypto.encrypted,
          decrypted: parsed.crypto.decrypted,
          signature: parsed.crypto.signature,
          signer: parsed.crypto.signerFingerprint,
          attachments: parsed.attachments.length,
        },
      },
    },
  ]);

  // Only a new report is acknowledged; follow-ups on a known case are not.
  const suppressed =
    target.by === "new"
      ? autoReplySuppression({
          envelopeFrom: row.envelopeFrom,
          fromAddress: parsed.replyTo ?? parsed.fromAddress,
          header: parsed.header,
          contentType: parsed.contentType,
        })
      : "follow-up on an existing case";
  const ackStatus = suppressed ? (target.by === "new" ? "suppressed" : "skipped") : "queued";
  await tx
    .update(inboundMessages)
    .set({
      status: "processed",
      processedAt: new Date(),
      reportId: target.reportId,
      incidentId: target.incidentId,
      threadedBy: target.by,
      contactId: contact?.id ?? null,
      fromAddress: parsed.fromAddress,
      fromName: parsed.fromName,
      subject,
      sentAt: parsed.sentAt,
      inReplyTo: parsed.inReplyTo,
      referenceIds: parsed.references.slice(0, 100),
      bodyText: parsed.text,
      bodyHtmlRaw: parsed.htmlRaw,
      bodyHtml: parsed.html,
      language,
      urgent,
      tlp: marking.tlp,
      pap: marking.pap,
      encrypted: parsed.crypto.encrypted,
      decrypted: parsed.crypto.decrypted,
      signature: parsed.crypto.signature,
      signerFingerprint: parsed.crypto.signerFingerprint,
      signerKeyId: parsed.crypto.signerKeyId,
      cryptoNotes: parsed.crypto.notes,
      ackStatus,
      ackNote: suppressed,
    })
    .where(eq(inboundMessages.id, row.id));
  if (ackStatus === "queued") {
    await enqueueJob(
      tx,
      INTAKE_ACK_JOB,
      { inboundMessageId: row.id },
      { dedupeKey: row.id, maxAttempts: 8 },
    );
  }
  return { status: "processed", reportId: target.reportId, incidentId: target.incidentId };
}

function cryptoSummaryLine(parsed: ParsedIntakeMessage): string {
  if (parsed.crypto.encrypted && parsed.crypto.decrypted === false) {
    return `[Encrypted message that could not be decrypted: ${parsed.crypto.notes.join("; ")}]`;
  }
  return "";
}

async function addressLanguage(tx: Db, row: InboundRow): Promise<AckLanguage> {
  const [address] = await tx
    .select({ language: intakeAddresses.language })
    .from(intakeAddresses)
    .where(eq(intakeAddresses.address, row.intakeAddress ?? ""));
  return (address?.language as AckLanguage | undefined) ?? "en";
}

async function quarantine(db: Db, row: InboundRow, reason: string): Promise<ProcessResult> {
  await auditedTransaction(db, async (tx) => {
    const updated = await tx
      .update(inboundMessages)
      .set({ status: "quarantined", quarantineReason: reason.slice(0, 500) })
      .where(and(eq(inboundMessages.id, row.id), eq(inboundMessages.status, "received")))
      .returning({ id: inboundMessages.id });
    if (updated.length === 0) return;
    await appendAuditRecord(tx, systemActor, {
      action: "inbound_message.quarantined",
      entityType: "inbound_message",
      entityId: row.id,
      tenantId: row.tenantId,
      data: { reason: reason.slice(0, 500), messageId: row.messageId },
    });
  });
  return { status: "quarantined", reportId: null, incidentId: null };
}

function resultOf(row: InboundRow): ProcessResult {
  return {
    status:
      row.status === "processed" || row.status === "quarantined" || row.status === "deleted"
        ? row.status
        : "missing",
    reportId: row.reportId,
    incidentId: row.incidentId,
  };
}
