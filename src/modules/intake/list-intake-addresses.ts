import { asc } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { type Actor, assertCan, isTeamMember } from "../identity/actor.ts";
import { intakeAddresses } from "./intake.tables.ts";
import { loadIntakeRecipients } from "./intake-addresses.ts";
import { type IntakeAddressView, toIntakeAddressView } from "./intake-views.ts";

/** The intake addresses: configured ones, then the team profile's (source `profile`). */
export async function listIntakeAddresses(
  db: Db,
  input: { actor: Actor },
): Promise<IntakeAddressView[]> {
  assertCan(input.actor, "cases:read");
  if (!isTeamMember(input.actor)) throw new DomainError("FORBIDDEN", "Team members only.");
  const rows = await db.select().from(intakeAddresses).orderBy(asc(intakeAddresses.address));
  const views = rows.map(toIntakeAddressView);
  const configured = new Set(rows.map((r) => r.address));
  for (const r of (await loadIntakeRecipients(db)).values()) {
    if (configured.has(r.address)) continue;
    views.push({ ...r, id: null, source: "profile", createdAt: null });
  }
  const visible = input.actor.tenantId
    ? views.filter((v) => v.tenantId === input.actor.tenantId)
    : views;
  return visible;
}
