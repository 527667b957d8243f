import { and, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { assertTimeZone } from "./embargo-rules.ts";
import { loadCaseParties, loadVisiblePsirtCase } from "./load-visible-psirt-case.ts";
import { psirtCaseParties } from "./psirt.tables.ts";
import {
  type PartyView,
  type partyKinds,
  type partyStatuses,
  toPartyView,
} from "./psirt-case-view.ts";
import { assertCanManagePsirt } from "./psirt-rules.ts";
import { recordPsirtChange } from "./record-psirt-change.ts";

export type PartyKind = (typeof partyKinds)[number];
export type PartyStatus = (typeof partyStatuses)[number];

/**
 * Adds a coordinated party (vendor, researcher, CERT). It starts `unknown`:
 * a party that never answers is never counted as unaffected.
 */
export async function addCaseParty(
  db: Db,
  input: {
    actor: Actor;
    id: string;
    kind: PartyKind;
    name: string;
    email?: string | undefined;
    timeZone?: string | undefined;
  },
): Promise<PartyView> {
  assertCanManagePsirt(input.actor);
  const timeZone = input.timeZone ?? "UTC";
  assertTimeZone(timeZone);
  return auditedTransaction(db, async (tx) => {
    const kase = await loadVisiblePsirtCase(tx, input.actor, input.id, { forUpdate: true });
    const email = input.email?.trim().toLowerCase() || null;
    if (email && (await loadCaseParties(tx, kase.id)).some((p) => p.email === email)) {
      throw new DomainError("PARTY_EXISTS", `${email} is already a party to this case.`);
    }
    const [row] = await tx
      .insert(psirtCaseParties)
      .values({ caseId: kase.id, kind: input.kind, name: input.name.trim(), email, timeZone })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await recordPsirtChange(tx, input.actor, kase, {
      type: "psirt.party_added",
      data: { partyId: row.id, kind: row.kind, name: row.name, status: row.status },
    });
    return toPartyView(row, kase.embargoUntil);
  });
}

/** Records a party's answer (notified, acknowledged, affected, not_affected, fixed). */
export async function updatePartyStatus(
  db: Db,
  input: {
    actor: Actor;
    id: string;
    partyId: string;
    status: PartyStatus;
    note?: string | undefined;
  },
): Promise<PartyView> {
  assertCanManagePsirt(input.actor);
  return auditedTransaction(db, async (tx) => {
    const kase = await loadVisiblePsirtCase(tx, input.actor, input.id, { forUpdate: true });
    const [before] = await tx
      .select()
      .from(psirtCaseParties)
      .where(and(eq(psirtCaseParties.id, input.partyId), eq(psirtCaseParties.caseId, kase.id)));
    if (!before)
      throw new DomainError("PARTY_NOT_FOUND", `No party ${input.partyId} on this case.`);
    if (before.status === input.status) return toPartyView(before, kase.embargoUntil);
    const [row] = await tx
      .update(psirtCaseParties)
      .set({ status: input.status, updatedAt: new Date() })
      .where(eq(psirtCaseParties.id, before.id))
      .returning();
    if (!row) throw new Error("update returned no row");
    await recordPsirtChange(tx, input.actor, kase, {
      type: "psirt.party_status_changed",
      data: {
        partyId: row.id,
        name: row.name,
        from: before.status,
        to: row.status,
        ...(input.note ? { note: input.note } : {}),
      },
    });
    return toPartyView(row, kase.embargoUntil);
  });
}
