import type { CaseMatchRow } from "./correlation.queries.ts";

/** Incident statuses a new report may still join. */
const openIncidentStatuses = new Set(["new", "triage", "in_progress"]);

export interface IncidentSuggestion {
  action: "link";
  incidentId: string;
  ref: number;
  title: string | null;
  status: string;
  /** How many of the report's observables the incident (or its reports) hold. */
  matchedObservables: number;
  link: { method: "POST"; path: string; body: { incidentId: string } };
}

type MatchRow = Pick<
  CaseMatchRow,
  | "q_type"
  | "q_value"
  | "kind"
  | "case_id"
  | "ref"
  | "title"
  | "status"
  | "linked_incident_id"
  | "linked_incident_ref"
  | "linked_incident_status"
>;

/**
 * The open incident sharing the most observables with a report, directly or
 * through one of its reports; ties go to the lower (older) reference.
 */
export function suggestIncident(rows: MatchRow[], reportId?: string): IncidentSuggestion | null {
  const tally = new Map<
    string,
    { ref: number; title: string | null; status: string; keys: Set<string> }
  >();
  for (const r of rows) {
    const incident =
      r.kind === "incident"
        ? { id: r.case_id, ref: r.ref, title: r.title, status: r.status }
        : r.linked_incident_id && r.linked_incident_ref !== null
          ? {
              id: r.linked_incident_id,
              ref: r.linked_incident_ref,
              title: null,
              status: r.linked_incident_status ?? "",
            }
          : undefined;
    if (!incident || !openIncidentStatuses.has(incident.status)) continue;
    const entry = tally.get(incident.id) ?? {
      ref: Number(incident.ref),
      title: incident.title,
      status: incident.status,
      keys: new Set<string>(),
    };
    entry.title ??= incident.title;
    entry.keys.add(`${r.q_type}\u0000${r.q_value}`);
    tally.set(incident.id, entry);
  }
  let best: IncidentSuggestion | null = null;
  for (const [incidentId, e] of tally) {
    const n = e.keys.size;
    if (
      !best ||
      n > best.matchedObservables ||
      (n === best.matchedObservables && e.ref < best.ref)
    ) {
      best = {
        action: "link",
        incidentId,
        ref: e.ref,
        title: e.title,
        status: e.status,
        matchedObservables: n,
        link: {
          method: "POST",
          path: `/api/reports/${reportId ?? "{id}"}/link`,
          body: { incidentId },
        },
      };
    }
  }
  return best;
}
