import { and, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { enqueueJob } from "../../platform/jobs/enqueue-job.ts";
import { systemActor } from "../identity/actor.ts";
import { resolveWriteTenant } from "../tenants/resolve-write-tenant.ts";
import { INTAKE_PROCESS_JOB } from "./accept-batcher.ts";

export { INTAKE_PROCESS_JOB };

import { inboundMessages } from "./intake.tables.ts";
import type { IntakeDeps } from "./intake-deps.ts";
import { normaliseAddress } from "./intake-rules.ts";
import { header, QuarantineVerdict, scanMime } from "./mime-structure.ts";
import { processInboundMessage } from "./process-inbound-message.ts";

export interface IngestInput {
  raw: Buffer;
  source: {
    kind: "smtp" | "imap" | "api";
    /** The IMAP mailbox (or other origin label) the message was fetched from. */
    mailbox?: string | undefined;
    remoteAddress?: string | undefined;
  };
  /** The SMTP envelope; for IMAP, the mailbox's address as `to` and the Return-Path as `from`. */
  envelope: { from: string; to: string[] };
  /** When the message arrived (IMAP INTERNALDATE); now by default. */
  receivedAt?: Date | undefined;
}

export interface IngestResult {
  status: "accepted" | "duplicate" | "quarantined";
  /** The inbound message's id (inbound_messages.id), also for a duplicate: the first copy's. */
  messageId: string;
  /** Set once processed: with `processNow`, or for a duplicate already processed. */
  reportId?: string | undefined;
}

/**
 * The single entry point of mail intake (SMTP, IMAP, API). Stores the raw
 * bytes durably (blob fsynced) and commits the inbound_messages row with its
 * processing job before returning, so a caller may acknowledge the message
 * (SMTP 250, IMAP \Seen or move) as soon as this resolves; if it throws,
 * nothing was accepted and the sender should retry (SMTP 451).
 *
 * The same Message-ID with the same bytes is recognised as a `duplicate`.
 * Structurally hostile mail (malformed MIME, too deep, oversized) is kept and
 * `quarantined`. Parsing, decryption and the report happen in the
 * `intake.process-message.v1` job, or before returning with `processNow`.
 */
export async function ingestRawMessage(
  deps: IntakeDeps,
  input: IngestInput,
  options: { processNow?: boolean } = {},
): Promise<IngestResult> {
  const { db } = deps;
  const recipients = input.envelope.to.map(normaliseAddress);
  const recipient = await deps.recipients.find(recipients);
  const tenantId = recipient?.tenantId ?? (await resolveWriteTenant(db, systemActor, undefined));
  const verdict = structuralVerdict(input.raw, deps);
  const stored = await deps.blobStore.put(input.raw);

  const outcome = await deps.acceptBatcher.submit({
    tenantId,
    purpose: recipient?.purpose ?? "cert",
    intakeAddress: recipient?.address ?? null,
    sourceKind: input.source.kind,
    sourceMailbox: input.source.mailbox ?? null,
    remoteAddress: input.source.remoteAddress ?? null,
    envelopeFrom: normaliseAddress(input.envelope.from),
    envelopeTo: recipients,
    messageId: verdict.messageId,
    rawSha256: stored.sha256,
    rawSize: stored.size,
    receivedAt: input.receivedAt ?? new Date(),
    status: verdict.quarantine ? "quarantined" : "received",
    quarantineReason: verdict.quarantine,
  });

  if (outcome === null) {
    const [existing] = await db
      .select({ id: inboundMessages.id, reportId: inboundMessages.reportId })
      .from(inboundMessages)
      .where(
        and(
          eq(inboundMessages.messageId, verdict.messageId),
          eq(inboundMessages.rawSha256, stored.sha256),
        ),
      );
    if (!existing) throw new Error("duplicate message vanished");
    return {
      status: "duplicate",
      messageId: existing.id,
      reportId: existing.reportId ?? undefined,
    };
  }
  if (verdict.quarantine) return { status: "quarantined", messageId: outcome };
  if (!options.processNow) return { status: "accepted", messageId: outcome };
  const processed = await processInboundMessage(deps, { inboundMessageId: outcome });
  return {
    status: processed.status === "quarantined" ? "quarantined" : "accepted",
    messageId: outcome,
    reportId: processed.reportId ?? undefined,
  };
}

/** Enqueues the processing job in the caller's transaction (once per message). */
export async function enqueueProcessing(
  tx: Db,
  inboundMessageId: string,
  round = "first",
  released = false,
) {
  await enqueueJob(
    tx,
    INTAKE_PROCESS_JOB,
    released ? { inboundMessageId, released } : { inboundMessageId },
    { dedupeKey: `${inboundMessageId}:${round}`, maxAttempts: 5 },
  );
}

function structuralVerdict(
  raw: Buffer,
  deps: IntakeDeps,
): { messageId: string; quarantine: string | null } {
  const firstHeaders = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString("latin1");
  const messageId =
    /^message-id:[ \t]*<?([^\s<>]{1,900})>?/im.exec(
      firstHeaders.split(/\r?\n\r?\n/)[0] ?? "",
    )?.[1] ?? "";
  if (raw.length > deps.limits.maxMessageBytes) {
    return {
      messageId,
      quarantine: `oversized-message: ${raw.length} bytes (limit ${deps.limits.maxMessageBytes})`,
    };
  }
  try {
    const root = scanMime(raw, deps.limits.mime);
    return {
      messageId: (header(root, "message-id") ?? messageId)
        .replace(/^<|>$/g, "")
        .trim()
        .slice(0, 900),
      quarantine: null,
    };
  } catch (err) {
    if (err instanceof QuarantineVerdict)
      return { messageId, quarantine: err.message.slice(0, 500) };
    throw err;
  }
}
