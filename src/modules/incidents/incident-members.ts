import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { users } from "../identity/identity.tables.ts";
import { assertLead } from "./assert-lead.ts";
import { incidentMembers } from "./incidents.tables.ts";
import { loadVisibleIncident } from "./load-visible-incident.ts";

export interface IncidentMember {
  userId: string;
  email: string;
  role: string;
  addedAt: string;
}

export async function listIncidentMembers(
  db: Db,
  input: { actor: Actor; id: string },
): Promise<IncidentMember[]> {
  const incident = await loadVisibleIncident(db, input.actor, input.id);
  const rows = await db
    .select({
      userId: users.id,
      email: users.email,
      role: users.role,
      addedAt: incidentMembers.addedAt,
    })
    .from(incidentMembers)
    .innerJoin(users, eq(users.id, incidentMembers.userId))
    .where(eq(incidentMembers.incidentId, incident.id))
    .orderBy(asc(incidentMembers.addedAt));
  return rows.map((r) => ({ ...r, addedAt: r.addedAt.toISOString() }));
}

/** Names a team member on the incident (need-to-know list). */
export async function addIncidentMember(
  db: Db,
  input: { actor: Actor; id: string; userId: string },
): Promise<IncidentMember[]> {
  assertCan(input.actor, "incidents:write");
  await auditedTransaction(db, async (tx) => {
    const incident = await loadVisibleIncident(tx, input.actor, input.id, { forUpdate: true });
    await assertLead(tx, input.userId, incident.tenantId);
    const inserted = await tx
      .insert(incidentMembers)
      .values({ incidentId: incident.id, userId: input.userId })
      .onConflictDoNothing()
      .returning();
    if (inserted.length === 0) return;
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId));
    await recordCaseChanges(tx, input.actor, [
      {
        subject: { tenantId: incident.tenantId, incidentId: incident.id },
        entityType: "incident",
        entityId: incident.id,
        event: {
          type: "incident.member_added",
          data: { userId: input.userId, email: user?.email ?? "" },
        },
      },
    ]);
  });
  return listIncidentMembers(db, input);
}

export async function removeIncidentMember(
  db: Db,
  input: { actor: Actor; id: string; userId: string },
): Promise<IncidentMember[]> {
  assertCan(input.actor, "incidents:write");
  await auditedTransaction(db, async (tx) => {
    const incident = await loadVisibleIncident(tx, input.actor, input.id, { forUpdate: true });
    if (incident.restricted && input.userId === input.actor.userId) {
      throw new DomainError(
        "FORBIDDEN",
        "You cannot remove yourself from a restricted incident; ask another member.",
      );
    }
    const removed = await tx
      .delete(incidentMembers)
      .where(
        and(eq(incidentMembers.incidentId, incident.id), eq(incidentMembers.userId, input.userId)),
      )
      .returning();
    if (removed.length === 0)
      throw new DomainError("USER_NOT_FOUND", "Not a member of this incident.");
    const [user] = await tx.select().from(users).where(eq(users.id, input.userId));
    await recordCaseChanges(tx, input.actor, [
      {
        subject: { tenantId: incident.tenantId, incidentId: incident.id },
        entityType: "incident",
        entityId: incident.id,
        event: {
          type: "incident.member_removed",
          data: { userId: input.userId, email: user?.email ?? "" },
        },
      },
    ]);
  });
  return listIncidentMembers(db, input);
}
