import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { assertCanManageTeamKeys } from "../keys/keys-rules.ts";
import { smimeTrustAnchors } from "./smime.tables.ts";

/** Stops trusting a CA: signatures chaining only to it become `unknown-key`. Admin only. */
export async function removeSmimeTrustAnchor(
  db: Db,
  input: { actor: Actor; fingerprint: string },
): Promise<void> {
  assertCanManageTeamKeys(input.actor);
  await auditedTransaction(db, async (tx) => {
    const [row] = await tx
      .delete(smimeTrustAnchors)
      .where(eq(smimeTrustAnchors.fingerprint, input.fingerprint))
      .returning();
    if (!row) {
      throw new DomainError("CERTIFICATE_NOT_FOUND", `No trust anchor ${input.fingerprint}.`);
    }
    await appendAuditRecord(tx, input.actor, {
      action: "smime_trust_anchor.removed",
      entityType: "smime_trust_anchor",
      entityId: row.fingerprint,
      tenantId: null,
      data: { subject: row.subject },
    });
  });
}
