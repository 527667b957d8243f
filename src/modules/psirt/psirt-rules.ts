import { DomainError } from "../../platform/errors.ts";
import { type Actor, assertCan, isTeamMember } from "../identity/actor.ts";

export const psirtStatuses = [
  "received",
  "validating",
  "confirmed",
  "rejected",
  "fix_in_progress",
  "disclosed",
] as const;
export type PsirtStatus = (typeof psirtStatuses)[number];

/**
 * The vulnerability case lifecycle: `received → validating → confirmed | rejected`,
 * `confirmed → fix_in_progress → disclosed`. A rejected report can be re-examined;
 * a confirmed one may be disclosed without a fix (workaround only). `disclosed`
 * is final: later changes are new advisory revisions.
 */
export const psirtTransitions: Record<PsirtStatus, readonly PsirtStatus[]> = {
  received: ["validating", "rejected"],
  validating: ["confirmed", "rejected"],
  confirmed: ["fix_in_progress", "disclosed", "rejected"],
  rejected: ["validating"],
  fix_in_progress: ["disclosed"],
  disclosed: [],
};

export function allowedPsirtTransitions(from: PsirtStatus): readonly PsirtStatus[] {
  return psirtTransitions[from];
}

export function assertPsirtTransition(from: PsirtStatus, to: PsirtStatus): void {
  const allowed = psirtTransitions[from];
  if (!allowed.includes(to)) {
    throw new DomainError(
      "INVALID_TRANSITION",
      allowed.length === 0
        ? `A ${from} vulnerability case cannot change status.`
        : `A vulnerability case cannot go from ${from} to ${to}; from ${from} it can go to ${allowed.join(" or ")}.`,
      { from, to, allowed },
    );
  }
}

/**
 * `disclosed` is reached only by publishing the advisory, which checks the
 * embargo and the documents; a plain status change may not skip that.
 */
export function assertManualTransition(from: PsirtStatus, to: PsirtStatus): void {
  assertPsirtTransition(from, to);
  if (to === "disclosed") {
    throw new DomainError(
      "INVALID_TRANSITION",
      "A case is disclosed by publishing its advisory (POST /api/psirt/cases/{id}/publish).",
      { from, to, allowed: psirtTransitions[from].filter((s) => s !== "disclosed") },
    );
  }
}

/** PSIRT work (cases, products, CVE ids, advisories) is for the psirt and admin roles. */
export function assertCanManagePsirt(actor: Actor): void {
  assertCan(actor, "psirt:manage");
}

/**
 * Reading vulnerability cases is for team members who may read cases;
 * constituents see advisories only once published (public directory).
 */
export function canReadPsirtCases(actor: Actor): boolean {
  return isTeamMember(actor);
}
