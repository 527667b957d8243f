import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { resolveWriteTenant } from "../tenants/resolve-write-tenant.ts";
import { intakeAddresses } from "./intake.tables.ts";
import type { AckLanguage, IntakePurpose } from "./intake-rules.ts";
import { type IntakeAddressView, toIntakeAddressView } from "./intake-views.ts";

/**
 * Adds an address the SMTP listener accepts mail for, in a tenant (the
 * default one unless given) with a purpose: `cert` mail becomes reports,
 * `psirt` mail also opens a vulnerability case. Admin only.
 */
export async function addIntakeAddress(
  db: Db,
  input: {
    actor: Actor;
    address: string;
    tenant?: string | undefined;
    purpose?: IntakePurpose | undefined;
    language?: AckLanguage | undefined;
  },
): Promise<IntakeAddressView> {
  assertCan(input.actor, "tenants:manage");
  const address = input.address.trim().toLowerCase();
  return auditedTransaction(db, async (tx) => {
    const tenantId = await resolveWriteTenant(tx, input.actor, input.tenant);
    const [row] = await tx
      .insert(intakeAddresses)
      .values({
        address,
        tenantId,
        purpose: input.purpose ?? "cert",
        language: input.language ?? "en",
      })
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new DomainError("INTAKE_ADDRESS_EXISTS", `${address} is already an intake address.`);
    await appendAuditRecord(tx, input.actor, {
      action: "intake_address.added",
      entityType: "intake_address",
      entityId: row.id,
      tenantId,
      data: { address, purpose: row.purpose, language: row.language },
    });
    return toIntakeAddressView(row);
  });
}
