import { eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/client.ts";
import { DomainError } from "../../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../../audit/append-audit-record.ts";
import type { Actor } from "../../identity/actor.ts";
import { intakeMailboxes } from "./imap.tables.ts";
import { assertCanManageMailboxes } from "./imap-rules.ts";

/**
 * Stops polling a mailbox and forgets its credentials and UID ledger. Messages
 * already ingested stay, as do their reports. Admin only.
 */
export async function removeMailbox(db: Db, input: { actor: Actor; id: string }): Promise<void> {
  assertCanManageMailboxes(input.actor);
  await auditedTransaction(db, async (tx) => {
    const [row] = await tx
      .delete(intakeMailboxes)
      .where(eq(intakeMailboxes.id, input.id))
      .returning();
    if (!row) throw new DomainError("MAILBOX_NOT_FOUND", `No mailbox ${input.id}.`);
    await appendAuditRecord(tx, input.actor, {
      action: "intake_mailbox.removed",
      entityType: "intake_mailbox",
      entityId: row.id,
      tenantId: null,
      data: { name: row.name, host: row.host, username: row.username },
    });
  });
}
