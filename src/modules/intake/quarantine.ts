import { and, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import { type Actor, assertCan, isTeamMember } from "../identity/actor.ts";
import { enqueueProcessing } from "./ingest-raw-message.ts";
import { inboundMessages } from "./intake.tables.ts";
import type { IntakeDeps } from "./intake-deps.ts";
import type { InboundMessageView } from "./intake-views.ts";
import { withAttachments } from "./list-report-messages.ts";
import { canSeeUnfiled } from "./load-visible-inbound-message.ts";
import { type ProcessResult, processInboundMessage } from "./process-inbound-message.ts";

function assertHandler(actor: Actor): void {
  assertCan(actor, "cases:read");
  if (!isTeamMember(actor)) throw new DomainError("FORBIDDEN", "Quarantine is for team members.");
}

/** Quarantined messages with their reason, newest first, in the actor's tenant scope. */
export async function listQuarantine(
  db: Db,
  input: { actor: Actor; limit?: number | undefined },
): Promise<InboundMessageView[]> {
  assertHandler(input.actor);
  const where: SQL[] = [eq(inboundMessages.status, "quarantined")];
  if (input.actor.tenantId) where.push(eq(inboundMessages.tenantId, input.actor.tenantId));
  const rows = await db
    .select()
    .from(inboundMessages)
    .where(and(...where))
    .orderBy(desc(inboundMessages.receivedAt))
    .limit(input.limit ?? 100);
  return withAttachments(db, rows);
}

async function lockQuarantined(tx: Db, actor: Actor, id: string) {
  const notFound = new DomainError("INBOUND_MESSAGE_NOT_FOUND", `No quarantined message ${id}.`);
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound;
  const [row] = await tx
    .select()
    .from(inboundMessages)
    .where(and(eq(inboundMessages.id, id), eq(inboundMessages.status, "quarantined")))
    .for("update");
  if (!row || !canSeeUnfiled(actor, row.tenantId)) throw notFound;
  return row;
}

/**
 * A handler judged a quarantined message safe: it is processed now, with the
 * structural limits lifted (parsing keeps its time bound), and the release is audited.
 */
export async function releaseQuarantinedMessage(
  deps: IntakeDeps,
  input: { actor: Actor; id: string },
): Promise<ProcessResult> {
  assertHandler(input.actor);
  assertCan(input.actor, "reports:write");
  await auditedTransaction(deps.db, async (tx) => {
    const row = await lockQuarantined(tx, input.actor, input.id);
    await tx
      .update(inboundMessages)
      .set({ status: "received" })
      .where(eq(inboundMessages.id, row.id));
    await enqueueProcessing(tx, row.id, `release:${Date.now()}`, true);
    await appendAuditRecord(tx, input.actor, {
      action: "inbound_message.released",
      entityType: "inbound_message",
      entityId: row.id,
      tenantId: row.tenantId,
      data: { reason: row.quarantineReason, messageId: row.messageId },
    });
  });
  return processInboundMessage(deps, { inboundMessageId: input.id, released: true });
}

/**
 * Discards a quarantined message: it is marked deleted (the row and its audit
 * trail stay; the raw bytes stay in the content-addressed store, which may
 * share them). Audited.
 */
export async function deleteQuarantinedMessage(
  db: Db,
  input: { actor: Actor; id: string },
): Promise<void> {
  assertHandler(input.actor);
  assertCan(input.actor, "reports:write");
  await auditedTransaction(db, async (tx) => {
    const row = await lockQuarantined(tx, input.actor, input.id);
    await tx
      .update(inboundMessages)
      .set({ status: "deleted" })
      .where(eq(inboundMessages.id, row.id));
    await appendAuditRecord(tx, input.actor, {
      action: "inbound_message.deleted",
      entityType: "inbound_message",
      entityId: row.id,
      tenantId: row.tenantId,
      data: { reason: row.quarantineReason, messageId: row.messageId },
    });
  });
}
