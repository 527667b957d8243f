import { and, arrayContains, eq, isNull, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import type { JobDefinition } from "../../platform/jobs/job-worker.ts";
import type { MailHeaders } from "../../platform/mail/mime.ts";
import { composePlainMessage } from "../../platform/mail/mime.ts";
import { composeEncryptedMessage, composeSignedMessage } from "../../platform/mail/pgp-mime.ts";
import { queueOutboundMessage } from "../../platform/mail/queue-outbound-message.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { systemActor } from "../identity/actor.ts";
import { findEncryptionKeyFor } from "../keys/find-encryption-key.ts";
import { getTeamSigningKey, type TeamSigningKey } from "../keys/get-team-signing-key.ts";
import { contactKeys, teamKeys } from "../keys/keys.tables.ts";
import { keyWarnings } from "../keys/keys-rules.ts";
import { formatTlp, type Tlp } from "../marking/marking.ts";
import { reports } from "../reports/reports.tables.ts";
import { inboundMessages, intakeAckTemplates } from "./intake.tables.ts";
import {
  type AckLanguage,
  type AckTemplate,
  defaultAckTemplates,
  renderTemplate,
  subjectTag,
} from "./intake-rules.ts";
import { INTAKE_ACK_JOB } from "./process-inbound-message.ts";

export interface AcknowledgeDeps {
  db: Db;
  keyPassphrase: () => string;
}

/**
 * Renders and queues the automatic acknowledgement of a new report: the
 * reference tag in the subject, signed with the team key of the address's
 * purpose and tenant, encrypted when the reporter has a usable key (never to
 * an expired or revoked one: those are reported as warnings instead). Runs
 * once per message: the outbound row and the message's pointer to it commit
 * together. Without a usable team key the reply goes unsigned and says why.
 */
export async function acknowledgeInboundMessage(
  deps: AcknowledgeDeps,
  input: { inboundMessageId: string },
): Promise<{ outboundMessageId: string } | null> {
  const { db } = deps;
  const [row] = await db
    .select({ message: inboundMessages, reportRef: reports.ref, reportTlp: reports.tlp })
    .from(inboundMessages)
    .innerJoin(reports, eq(reports.id, inboundMessages.reportId))
    .where(eq(inboundMessages.id, input.inboundMessageId));
  if (row?.message.ackStatus !== "queued" || row.message.ackOutboundId) return null;
  const message = row.message;
  const to = message.fromAddress;
  const from = message.intakeAddress ?? message.envelopeTo[0];
  if (!to || !from) return null;
  const language = (message.language === "fr" ? "fr" : "en") as AckLanguage;
  const template = await loadAckTemplate(db, message.tenantId, language);
  const values = {
    tag: subjectTag(row.reportRef),
    ref: String(row.reportRef),
    subject: message.subject.replace(/\[\s*VIGIL\s*#\s*\d+\s*\]\s*/gi, "").slice(0, 200),
    receivedAt: `${message.receivedAt.toISOString().replace("T", " ").slice(0, 19)} UTC`,
    tlp: formatTlp(row.reportTlp as Tlp),
  };
  const warnings: string[] = [];
  const signing = await teamSigningKey(deps, message, warnings);
  const recipientKey = await findEncryptionKeyFor(db, { email: to });
  if (!recipientKey) warnings.push(...(await unusableKeyWarnings(db, to)));
  const headers: MailHeaders = {
    from: { address: from },
    to: [{ address: to, name: message.fromName ?? undefined }],
    subject: renderTemplate(template.subject, values),
    inReplyTo: message.messageId ? `<${message.messageId}>` : undefined,
    references: message.messageId ? [`<${message.messageId}>`] : undefined,
    extra: { "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
  };
  const body = { text: renderTemplate(template.body, values) };
  const composed = !signing
    ? composePlainMessage(headers, body)
    : recipientKey
      ? await composeEncryptedMessage(headers, body, signing.privateKey, [recipientKey.key])
      : await composeSignedMessage(headers, body, signing.privateKey);

  return auditedTransaction(db, async (tx) => {
    const [locked] = await tx
      .select({ ackOutboundId: inboundMessages.ackOutboundId })
      .from(inboundMessages)
      .where(eq(inboundMessages.id, message.id))
      .for("update");
    if (!locked || locked.ackOutboundId) return null;
    const outboundMessageId = await queueOutboundMessage(tx, composed);
    await tx
      .update(inboundMessages)
      .set({ ackOutboundId: outboundMessageId, ackNote: warnings.join("; ") || null })
      .where(eq(inboundMessages.id, message.id));
    await recordCaseChanges(tx, systemActor, [
      {
        subject: { tenantId: message.tenantId, reportId: message.reportId },
        entityType: "report",
        entityId: message.reportId as string,
        event: {
          type: "intake.acknowledged",
          data: {
            inboundMessageId: message.id,
            outboundMessageId,
            to,
            language,
            signedBy: signing?.fingerprint ?? null,
            encryptedTo: recipientKey?.fingerprint ?? null,
            warnings,
          },
        },
      },
    ]);
    return { outboundMessageId };
  });
}

async function teamSigningKey(
  deps: AcknowledgeDeps,
  message: typeof inboundMessages.$inferSelect,
  warnings: string[],
): Promise<TeamSigningKey | null> {
  const purpose = message.purpose === "psirt" ? "psirt" : "cert";
  try {
    const key = await getTeamSigningKey(deps.db, {
      purpose,
      tenantId: message.tenantId,
      keyPassphrase: deps.keyPassphrase,
    });
    const [row] = await deps.db
      .select({ revoked: teamKeys.revoked, expiresAt: teamKeys.expiresAt })
      .from(teamKeys)
      .where(eq(teamKeys.fingerprint, key.fingerprint));
    for (const w of row ? keyWarnings(row) : [])
      warnings.push(`team key ${key.fingerprint}: ${w.message}`);
    return key;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    warnings.push(`sent unsigned: ${err.message}`);
    return null;
  }
}

/** Why a reporter who has keys was not encrypted to (expired, revoked), with fingerprints. */
async function unusableKeyWarnings(db: Db, email: string): Promise<string[]> {
  const rows = await db
    .select({
      fingerprint: contactKeys.fingerprint,
      revoked: contactKeys.revoked,
      expiresAt: contactKeys.expiresAt,
    })
    .from(contactKeys)
    .where(arrayContains(contactKeys.emails, [email]));
  const out: string[] = [];
  for (const row of rows) {
    const problems = keyWarnings(row).filter((w) => w.code !== "expiring-soon");
    const message = problems.map((w) => w.message).join(" ") || "no usable encryption subkey.";
    out.push(`not encrypted to ${row.fingerprint}: ${message}`);
  }
  return out;
}

/** The tenant's template for the language, else the team's, else the built-in text. */
export async function loadAckTemplate(
  db: Db,
  tenantId: string,
  language: AckLanguage,
): Promise<AckTemplate> {
  const [row] = await db
    .select({ subject: intakeAckTemplates.subject, body: intakeAckTemplates.body })
    .from(intakeAckTemplates)
    .where(
      and(
        eq(intakeAckTemplates.language, language),
        or(eq(intakeAckTemplates.tenantId, tenantId), isNull(intakeAckTemplates.tenantId)),
      ),
    )
    .orderBy(sql`${intakeAckTemplates.tenantId} IS NULL`)
    .limit(1);
  return row ?? defaultAckTemplates[language];
}

/** The `intake.acknowledge.v1` job: idempotent, a second run finds the outbound row and stops. */
export function acknowledgeJob(deps: AcknowledgeDeps): JobDefinition<{ inboundMessageId: string }> {
  return {
    name: INTAKE_ACK_JOB,
    payload: z.strictObject({ inboundMessageId: z.uuid() }),
    async run(payload) {
      await acknowledgeInboundMessage(deps, payload);
    },
  };
}
