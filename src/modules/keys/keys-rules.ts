import { DomainError } from "../../platform/errors.ts";
import { type Actor, assertCan, isTeamMember } from "../identity/actor.ts";

/** What a team key is for: the CERT's own mail, or the PSIRT's advisories and vendor mail. */
export const keyPurposes = ["cert", "psirt"] as const;
export type KeyPurpose = (typeof keyPurposes)[number];

/** Keys expiring within this many days are flagged so someone extends them in time. */
export const EXPIRY_WARNING_DAYS = 30;

export type KeyWarningCode = "revoked" | "expired" | "expiring-soon";
export interface KeyWarning {
  code: KeyWarningCode;
  message: string;
}

/** Hygiene warnings for a key as stored: revoked, expired, or expiring within 30 days. */
export function keyWarnings(
  key: { revoked: boolean; expiresAt: Date | null },
  now: Date = new Date(),
): KeyWarning[] {
  if (key.revoked) return [{ code: "revoked", message: "The key is revoked; do not use it." }];
  if (!key.expiresAt) return [];
  const msLeft = key.expiresAt.getTime() - now.getTime();
  const date = key.expiresAt.toISOString().slice(0, 10);
  if (msLeft <= 0) return [{ code: "expired", message: `The key expired on ${date}.` }];
  const days = Math.ceil(msLeft / 86_400_000);
  if (days <= EXPIRY_WARNING_DAYS) {
    return [{ code: "expiring-soon", message: `The key expires on ${date}, in ${days} day(s).` }];
  }
  return [];
}

/**
 * Team keys sign and decrypt for the whole team: managing them is an admin
 * task (the admin permission that covers instance configuration).
 */
export function assertCanManageTeamKeys(actor: Actor): void {
  assertCan(actor, "tenants:manage");
}

/** Key lists show who Vigil corresponds with: team members only. */
export function assertCanReadKeys(actor: Actor): void {
  if (!isTeamMember(actor)) throw new DomainError("FORBIDDEN", "Only team members see keys.");
  assertCan(actor, "cases:read");
}

/** Adding a correspondent's key is case work: any team member who may write. */
export function assertCanAddContactKeys(actor: Actor): void {
  if (!isTeamMember(actor)) throw new DomainError("FORBIDDEN", "Only team members add keys.");
  assertCan(actor, "incidents:write");
}
