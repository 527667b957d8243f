import { DomainError } from "../../platform/errors.ts";

export const incidentStatuses = ["new", "triage", "in_progress", "resolved", "closed"] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

export const severities = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof severities)[number];

export const priorities = ["P1", "P2", "P3", "P4"] as const;
export type Priority = (typeof priorities)[number];

/**
 * The incident lifecycle. `new → triage → in_progress → resolved → closed`, with
 * closing straight from intake/triage (not an incident, duplicate, out of
 * scope) and reopening of resolved or closed incidents.
 */
export const incidentTransitions: Record<IncidentStatus, readonly IncidentStatus[]> = {
  new: ["triage", "closed"],
  triage: ["in_progress", "closed"],
  in_progress: ["resolved"],
  resolved: ["in_progress", "closed"],
  closed: ["in_progress"],
};

export function allowedTransitions(from: IncidentStatus): readonly IncidentStatus[] {
  return incidentTransitions[from];
}

export function assertTransition(from: IncidentStatus, to: IncidentStatus): void {
  if (!incidentTransitions[from].includes(to)) {
    const allowed = incidentTransitions[from];
    throw new DomainError(
      "INVALID_TRANSITION",
      `An incident cannot go from ${from} to ${to}; from ${from} it can go to ${allowed.join(" or ")}.`,
      { from, to, allowed },
    );
  }
}

/** Timestamps a status change sets or clears. */
export function lifecycleStamps(
  to: IncidentStatus,
  now: Date,
): { resolvedAt?: Date | null; closedAt?: Date | null } {
  switch (to) {
    case "resolved":
      return { resolvedAt: now };
    case "closed":
      return { closedAt: now };
    case "in_progress":
      return { resolvedAt: null, closedAt: null };
    default:
      return {};
  }
}
