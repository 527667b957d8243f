import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { loadVisibleIncident } from "../incidents/load-visible-incident.ts";
import { loadVisibleReport } from "../reports/load-visible-report.ts";

export const caseKinds = ["report", "incident"] as const;
export type CaseKind = (typeof caseKinds)[number];

/** A case named in a request: `/api/reports/{id}/…` or `/api/incidents/{id}/…`. */
export interface CaseRef {
  kind: CaseKind;
  id: string;
}

/** What observables need to know about their case. */
export interface VisibleCase {
  kind: CaseKind;
  id: string;
  ref: number;
  tenantId: string;
  tlp: string;
}

/** Loads a report or incident the actor may see; hidden and missing cases fail alike. */
export async function loadVisibleCase(db: Db, actor: Actor, ref: CaseRef): Promise<VisibleCase> {
  const row =
    ref.kind === "report"
      ? await loadVisibleReport(db, actor, ref.id)
      : await loadVisibleIncident(db, actor, ref.id);
  return { kind: ref.kind, id: row.id, ref: row.ref, tenantId: row.tenantId, tlp: row.tlp };
}

/** The timeline subject of an observable's own case. */
export function caseSubject(c: VisibleCase): {
  tenantId: string;
  reportId?: string;
  incidentId?: string;
} {
  return c.kind === "report"
    ? { tenantId: c.tenantId, reportId: c.id }
    : { tenantId: c.tenantId, incidentId: c.id };
}
