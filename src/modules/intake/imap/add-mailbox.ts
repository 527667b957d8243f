import { eq } from "drizzle-orm";
import type { Db } from "../../../platform/db/client.ts";
import { DomainError } from "../../../platform/errors.ts";
import type { Sealer } from "../../../platform/sealing/sealed-secret.ts";
import { appendAuditRecord, auditedTransaction } from "../../audit/append-audit-record.ts";
import type { Actor } from "../../identity/actor.ts";
import type { AddMailboxBody } from "./imap.schemas.ts";
import { intakeMailboxes } from "./imap.tables.ts";
import { assertCanManageMailboxes, defaultImapPort } from "./imap-rules.ts";
import { type MailboxView, toMailboxView } from "./mailbox-view.ts";

/**
 * Adds an IMAP mailbox for the `imap` node role to poll. The password is sealed
 * under the instance secret before it reaches the database. Admin only.
 */
export async function addMailbox(
  db: Db,
  input: AddMailboxBody & { actor: Actor; sealer: Sealer },
): Promise<MailboxView> {
  assertCanManageMailboxes(input.actor);
  const sealedPassword = input.sealer.seal(input.password);
  return auditedTransaction(db, async (tx) => {
    const [taken] = await tx
      .select({ id: intakeMailboxes.id })
      .from(intakeMailboxes)
      .where(eq(intakeMailboxes.name, input.name));
    if (taken) throw new DomainError("MAILBOX_NAME_TAKEN", `A mailbox is named ${input.name}.`);
    const [row] = await tx
      .insert(intakeMailboxes)
      .values({
        name: input.name,
        host: input.host,
        port: input.port ?? defaultImapPort(input.tlsMode),
        tlsMode: input.tlsMode,
        tlsVerify: input.tlsVerify,
        username: input.username,
        sealedPassword,
        folder: input.folder,
        processedAction: input.processedAction,
        processedFlag: input.processedFlag,
        processedFolder: input.processedFolder ?? null,
        address: input.address.toLowerCase(),
        pollIntervalSeconds: input.pollIntervalSeconds,
        enabled: input.enabled,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const view = toMailboxView(row);
    await appendAuditRecord(tx, input.actor, {
      action: "intake_mailbox.added",
      entityType: "intake_mailbox",
      entityId: row.id,
      tenantId: null,
      data: {
        name: row.name,
        host: row.host,
        port: row.port,
        username: row.username,
        folder: row.folder,
      },
    });
    return view;
  });
}
