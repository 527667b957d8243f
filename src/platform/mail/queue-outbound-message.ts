import type { Db } from "../db/client.ts";
import { enqueueJob } from "../jobs/enqueue-job.ts";
import { outboundMessages } from "./mail.tables.ts";
import type { ComposedMessage } from "./mime.ts";

export const MAIL_SEND_JOB = "mail.send.v1";
/** Delivery attempts before a message is `failed` (backoff reaches an hour after ~10). */
export const MAIL_MAX_ATTEMPTS = 12;

/**
 * Stores a rendered message and enqueues its delivery, in the caller's
 * transaction: the mail goes out if and only if the change that caused it commits.
 */
export async function queueOutboundMessage(tx: Db, message: ComposedMessage): Promise<string> {
  const [row] = await tx
    .insert(outboundMessages)
    .values({
      messageId: message.messageId,
      envelopeFrom: message.envelope.from,
      envelopeTo: message.envelope.to,
      rawMime: message.raw,
    })
    .returning({ id: outboundMessages.id });
  if (!row) throw new Error("insert returned no row");
  await enqueueMailSend(tx, row.id, "first");
  return row.id;
}

/** One delivery job per message and round (the first, or a re-queue once a relay exists). */
export async function enqueueMailSend(tx: Db, id: string, round: string): Promise<void> {
  await enqueueJob(
    tx,
    MAIL_SEND_JOB,
    { outboundMessageId: id },
    { dedupeKey: `${id}:${round}`, maxAttempts: MAIL_MAX_ATTEMPTS },
  );
}
