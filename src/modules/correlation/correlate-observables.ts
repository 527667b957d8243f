import type { Db } from "../../platform/db/client.ts";
import { type Actor, assertCan, isTeamMember } from "../identity/actor.ts";
import {
  type ExtractedObservable,
  normaliseObservable,
  type ObservableType,
} from "../observables/observables-rules.ts";
import {
  type CaseExclusion,
  type CaseMatchRow,
  findCaseMatches,
  findIocMatches,
  type IocMatchRow,
} from "./correlation.queries.ts";

const iso = (v: Date | string) => new Date(v).toISOString();

export interface CaseMatch {
  kind: "report" | "incident";
  id: string;
  ref: number;
  title: string;
  status: string;
  tenantId: string;
  tenant: string;
  tlp: string;
  observableTlp: string;
  firstSeen: string;
  lastSeen: string;
  /** For a report: the incident it belongs to (visible, since the report is). */
  incident: { id: string; ref: number; status: string } | null;
}

export interface IocMatch {
  id: number;
  type: string;
  value: string;
  relation: "exact" | "contains" | "contained";
  /** Null: shared by the whole team. */
  tenantId: string | null;
  tlp: string;
  description: string;
  firstSeen: string;
  lastSeen: string;
}

export interface ObservableMatches {
  type: ObservableType;
  value: string;
  cases: CaseMatch[];
  iocs: IocMatch[];
}

export interface CorrelationResult {
  matches: ObservableMatches[];
  invalid: { type: string; value: string; reason: string }[];
  /** Raw case rows, for use cases that derive suggestions (not serialised). */
  caseRows: CaseMatchRow[];
}

function toCaseMatch(r: CaseMatchRow): CaseMatch {
  return {
    kind: r.kind,
    id: r.case_id,
    ref: Number(r.ref),
    title: r.title,
    status: r.status,
    tenantId: r.tenant_id,
    tenant: r.tenant_slug,
    tlp: r.case_tlp,
    observableTlp: r.observable_tlp,
    firstSeen: iso(r.first_seen),
    lastSeen: iso(r.last_seen),
    incident:
      r.linked_incident_id && r.linked_incident_ref !== null
        ? {
            id: r.linked_incident_id,
            ref: Number(r.linked_incident_ref),
            status: r.linked_incident_status ?? "",
          }
        : null,
  };
}

function toIocMatch(r: IocMatchRow): IocMatch {
  return {
    id: Number(r.id),
    type: r.type,
    value: r.value,
    relation: r.relation,
    tenantId: r.tenant_id,
    tlp: r.tlp,
    description: r.description,
    firstSeen: iso(r.first_seen),
    lastSeen: iso(r.last_seen),
  };
}

/**
 * For each observable, the other cases the actor may see that hold it and the
 * IOC store entries in scope. `iocTenantId` narrows IOC hits to one tenant's
 * plus the shared ones (a tenant-bound actor is always narrowed to its own).
 */
export async function correlateObservables(
  db: Db,
  input: {
    actor: Actor;
    observables: { type: ObservableType; value: string }[];
    iocTenantId?: string | null | undefined;
    exclude?: CaseExclusion | undefined;
  },
): Promise<CorrelationResult> {
  const { actor } = input;
  assertCan(actor, "cases:read");
  const invalid: CorrelationResult["invalid"] = [];
  const unique = new Map<string, ExtractedObservable>();
  for (const o of input.observables) {
    const value = normaliseObservable(o.type, o.value);
    if (!value) invalid.push({ type: o.type, value: o.value, reason: `not a valid ${o.type}` });
    else unique.set(`${o.type}\u0000${value}`, { type: o.type, value });
  }
  const items = [...unique.values()];
  if (items.length === 0) return { matches: [], invalid, caseRows: [] };
  const [caseRows, iocRows] = await Promise.all([
    findCaseMatches(db, actor, items, input.exclude ?? {}),
    findIocMatches(db, items, {
      tenantId: actor.tenantId ?? input.iocTenantId ?? null,
      teamOnlyLabels: !isTeamMember(actor),
    }),
  ]);
  const byKey = new Map<string, ObservableMatches>(
    items.map((i) => [`${i.type}\u0000${i.value}`, { ...i, cases: [], iocs: [] }]),
  );
  for (const r of caseRows) byKey.get(`${r.q_type}\u0000${r.q_value}`)?.cases.push(toCaseMatch(r));
  for (const r of iocRows) byKey.get(`${r.q_type}\u0000${r.q_value}`)?.iocs.push(toIocMatch(r));
  return { matches: [...byKey.values()], invalid, caseRows };
}
