import { and, eq, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import { z } from "zod";
import { type Db, queryRows } from "../db/client.ts";
import { type JobDefinition, PermanentJobError } from "../jobs/job-worker.ts";
import { outboundMessages } from "./mail.tables.ts";
import { enqueueMailSend, MAIL_MAX_ATTEMPTS, MAIL_SEND_JOB } from "./queue-outbound-message.ts";

/** A `sending` message older than this is taken to belong to a dead worker and is sent again. */
const SENDING_LEASE = "15 minutes";

export interface MailSendOptions {
  /** VIGIL_SMTP_RELAY_URL; null keeps every message queued with status `no-relay`. */
  relayUrl: string | null;
}

interface ClaimedMessage {
  envelope_from: string;
  envelope_to: string[];
  raw_mime: string;
}

/**
 * Delivers one stored message to the relay. The claim (queued → sending) is a
 * single conditional UPDATE, so two workers never both send it; `sent` is set
 * only where the row is still `sending`. If the relay accepted the message but
 * the final update failed, the message is sent again after the lease: the one
 * at-least-once window.
 */
export function mailSendJob(
  db: Db,
  options: MailSendOptions,
): JobDefinition<{
  outboundMessageId: string;
}> {
  const transport = options.relayUrl
    ? nodemailer.createTransport({
        url: options.relayUrl,
        connectionTimeout: 30_000,
        greetingTimeout: 30_000,
        socketTimeout: 60_000,
      })
    : null;
  return {
    name: MAIL_SEND_JOB,
    payload: z.strictObject({ outboundMessageId: z.uuid() }),
    async run({ outboundMessageId: id }, { attempt }) {
      if (!transport) {
        await db
          .update(outboundMessages)
          .set({ status: "no-relay" })
          .where(and(eq(outboundMessages.id, id), eq(outboundMessages.status, "queued")));
        return;
      }
      const [claimed] = await queryRows<ClaimedMessage>(
        db,
        sql`UPDATE outbound_messages
            SET status = 'sending', attempts = attempts + 1, sending_since = now()
            WHERE id = ${id}
              AND (status IN ('queued', 'no-relay')
                   OR (status = 'sending' AND sending_since < now() - ${SENDING_LEASE}::interval))
            RETURNING envelope_from, envelope_to, raw_mime`,
      );
      if (!claimed) {
        const [row] = await db
          .select({ status: outboundMessages.status })
          .from(outboundMessages)
          .where(eq(outboundMessages.id, id));
        // Being sent by another worker right now: look again later.
        if (row?.status === "sending") throw new Error("another worker is sending this message");
        return; // sent, failed for good, or gone: nothing to do.
      }
      try {
        const info = await transport.sendMail({
          envelope: { from: claimed.envelope_from, to: claimed.envelope_to },
          raw: claimed.raw_mime,
        });
        await db
          .update(outboundMessages)
          .set({
            status: "sent",
            sentAt: new Date(),
            sendingSince: null,
            lastError: null,
            relayResponse: String(info.response ?? "").slice(0, 500),
          })
          .where(and(eq(outboundMessages.id, id), eq(outboundMessages.status, "sending")));
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        const permanent = (code !== undefined && code >= 500) || attempt >= MAIL_MAX_ATTEMPTS;
        await db
          .update(outboundMessages)
          .set({
            status: permanent ? "failed" : "queued",
            sendingSince: null,
            lastError: (err as Error).message.slice(0, 2000),
          })
          .where(and(eq(outboundMessages.id, id), eq(outboundMessages.status, "sending")));
        throw permanent ? new PermanentJobError((err as Error).message) : err;
      }
    },
  };
}

/**
 * Once a relay is configured, hands every `no-relay` message back to the
 * queue. Run at worker start-up; returns how many were re-queued.
 */
export async function requeueUnrelayedMessages(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(outboundMessages)
      .set({ status: "queued" })
      .where(eq(outboundMessages.status, "no-relay"))
      .returning({ id: outboundMessages.id });
    const round = `relay-${Date.now()}`;
    for (const row of rows) await enqueueMailSend(tx, row.id, round);
    return rows.length;
  });
}
