import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { loadProfile } from "./load-profile.ts";
import { teamProfile } from "./profile.tables.ts";
import { assertCanEditProfile } from "./profile-rules.ts";

/** Moves security.txt's Expires `days` ahead without a new document version (admins). */
export async function renewSecurityTxt(
  db: Db,
  input: { actor: Actor; days: number; now?: Date },
): Promise<{ securityTxtExpiresAt: string }> {
  assertCanEditProfile(input.actor);
  const expiresAt = new Date((input.now ?? new Date()).getTime() + input.days * 86_400_000);
  return auditedTransaction(db, async (tx) => {
    const { row } = await loadProfile(tx);
    await tx
      .update(teamProfile)
      .set({ securityTxtExpiresAt: expiresAt })
      .where(eq(teamProfile.id, 1));
    await appendAuditRecord(tx, input.actor, {
      action: "profile.security_txt_renewed",
      entityType: "team_profile",
      entityId: String(row.revision),
      tenantId: null,
      data: { from: row.securityTxtExpiresAt.toISOString(), to: expiresAt.toISOString() },
    });
    return { securityTxtExpiresAt: expiresAt.toISOString() };
  });
}
