import type { Db } from "../../platform/db/client.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { loadVisiblePsirtCase } from "./load-visible-psirt-case.ts";
import { assertCanManagePsirt } from "./psirt-rules.ts";
import { recordPsirtChange } from "./record-psirt-change.ts";

export interface CaseMessageReference {
  direction: "inbound" | "outbound";
  /** The RFC 5322 Message-ID (or the comms module's message id). */
  messageId: string;
  subject?: string | undefined;
  /** The coordinated party the message was exchanged with, when known. */
  partyId?: string | undefined;
  encrypted?: boolean | undefined;
}

/**
 * Puts a researcher/vendor message on the case's disclosure timeline. Intake
 * and comms call it; the message itself lives with them, only the reference here.
 */
export async function recordCaseMessage(
  db: Db,
  input: { actor: Actor; id: string; message: CaseMessageReference },
): Promise<void> {
  assertCanManagePsirt(input.actor);
  await auditedTransaction(db, async (tx) => {
    const kase = await loadVisiblePsirtCase(tx, input.actor, input.id);
    const m = input.message;
    await recordPsirtChange(tx, input.actor, kase, {
      type: "psirt.message_recorded",
      data: {
        direction: m.direction,
        messageId: m.messageId,
        ...(m.subject ? { subject: m.subject } : {}),
        ...(m.partyId ? { partyId: m.partyId } : {}),
        ...(m.encrypted === undefined ? {} : { encrypted: m.encrypted }),
      },
    });
  });
}
