import { type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { incidentVisibleTo } from "../incidents/incident-visibility.ts";
import type { ExtractedObservable } from "../observables/observables-rules.ts";
import { addressTypes } from "../observables/observables-rules.ts";
import { reportVisibleTo } from "../reports/report-visibility.ts";

/** At most this many cases and IOCs are returned per observable, most recent first. */
export const MATCHES_PER_OBSERVABLE = 20;

export interface CaseMatchRow {
  q_type: string;
  q_value: string;
  kind: "report" | "incident";
  case_id: string;
  ref: number;
  title: string;
  status: string;
  tenant_id: string;
  tenant_slug: string;
  case_tlp: string;
  observable_tlp: string;
  first_seen: Date | string;
  last_seen: Date | string;
  reporter_email: string | null;
  linked_incident_id: string | null;
  linked_incident_ref: number | null;
  linked_incident_status: string | null;
}

export interface IocMatchRow {
  q_type: string;
  q_value: string;
  relation: "exact" | "contains" | "contained";
  id: number | string;
  type: string;
  value: string;
  tenant_id: string | null;
  tlp: string;
  description: string;
  first_seen: Date | string;
  last_seen: Date | string;
}

export interface CaseExclusion {
  reportId?: string | undefined;
  incidentId?: string | undefined;
}

const unnestQuery = (items: ExtractedObservable[]) =>
  sql`SELECT * FROM unnest(${sql.param(items.map((i) => i.type))}::text[], ${sql.param(
    items.map((i) => i.value),
  )}::text[]) AS q(type, value)`;

/**
 * Reports and incidents holding any of these observables (false positives
 * excluded), filtered inside SQL by exactly the visibility rules of reads:
 * restricted incidents and other tenants' cases never come back unless visible.
 */
export function findCaseMatches(
  db: Db,
  actor: Actor,
  items: ExtractedObservable[],
  exclude: CaseExclusion,
): Promise<CaseMatchRow[]> {
  const notReport = exclude.reportId
    ? sql`AND o.report_id IS DISTINCT FROM ${exclude.reportId}::uuid`
    : sql``;
  const notIncident = exclude.incidentId
    ? sql`AND o.incident_id IS DISTINCT FROM ${exclude.incidentId}::uuid
          AND reports.incident_id IS DISTINCT FROM ${exclude.incidentId}::uuid`
    : sql``;
  const visible: SQL = sql`((o.report_id IS NOT NULL AND reports.status <> 'merged' AND ${reportVisibleTo(actor)})
      OR (o.incident_id IS NOT NULL AND ${incidentVisibleTo(actor)}))`;
  return queryRows<CaseMatchRow>(
    db,
    sql`SELECT * FROM (
      SELECT q.type AS q_type, q.value AS q_value,
        CASE WHEN o.report_id IS NULL THEN 'incident' ELSE 'report' END AS kind,
        COALESCE(o.report_id, o.incident_id) AS case_id,
        COALESCE(reports.ref, incidents.ref) AS ref,
        COALESCE(reports.subject, incidents.title) AS title,
        COALESCE(reports.status, incidents.status) AS status,
        o.tenant_id, t.slug AS tenant_slug,
        COALESCE(reports.tlp, incidents.tlp) AS case_tlp,
        o.tlp AS observable_tlp, o.first_seen, o.last_seen,
        reports.reporter_email,
        li.id AS linked_incident_id, li.ref AS linked_incident_ref, li.status AS linked_incident_status,
        row_number() OVER (PARTITION BY q.type, q.value ORDER BY o.last_seen DESC, o.id) AS rank
      FROM (${unnestQuery(items)}) q
      JOIN observables o ON o.type = q.type AND o.value = q.value AND NOT o.false_positive
      JOIN tenants t ON t.id = o.tenant_id
      LEFT JOIN reports ON reports.id = o.report_id
      LEFT JOIN incidents ON incidents.id = o.incident_id
      LEFT JOIN incidents li ON li.id = reports.incident_id
      WHERE ${visible} ${notReport} ${notIncident}
    ) m WHERE m.rank <= ${MATCHES_PER_OBSERVABLE}`,
  );
}

/** Who sees which IOCs: a scope tenant (its own plus shared), or every IOC (team, no scope). */
export interface IocScope {
  tenantId: string | null;
  /** Constituents see neither RED nor AMBER+STRICT IOCs shared by the team. */
  teamOnlyLabels: boolean;
}

function iocScopeSql(scope: IocScope, alias: string): SQL {
  const a = sql.raw(alias);
  const tenant = scope.tenantId
    ? sql`(${a}.tenant_id IS NULL OR ${a}.tenant_id = ${scope.tenantId}::uuid)`
    : sql`true`;
  const label = scope.teamOnlyLabels
    ? sql`(${a}.tlp IN ('CLEAR', 'GREEN', 'AMBER') OR ${a}.tenant_id IS NOT NULL)`
    : sql`true`;
  return sql`${tenant} AND ${label}`;
}

/**
 * IOC store hits: exact (type, value) matches through the unique index, and
 * for addresses GiST containment both ways (`addr && q`), i.e. an IP inside a
 * listed network or a listed IP inside a queried network. PostgreSQL cannot
 * estimate `&&` against a parameter, so on millions of rows the plan's cost
 * would cross the JIT threshold: the pool runs with jit=off (platform/db/client.ts).
 */
export function findIocMatches(
  db: Db,
  items: ExtractedObservable[],
  scope: IocScope,
): Promise<IocMatchRow[]> {
  const exact = items.filter((i) => !addressTypes.includes(i.type));
  const addresses = items.filter((i) => addressTypes.includes(i.type));
  const columns = sql`x.id, x.type, x.value, x.tenant_id, x.tlp, x.description, x.first_seen, x.last_seen`;
  return queryRows<IocMatchRow>(
    db,
    sql`SELECT q.type AS q_type, q.value AS q_value, 'exact' AS relation, ${columns}
      FROM (${unnestQuery(exact)}) q
      JOIN iocs x ON x.type = q.type AND x.value = q.value
      WHERE ${iocScopeSql(scope, "x")}
    UNION ALL
    SELECT q.type, q.value,
      CASE WHEN x.addr = q.addr THEN 'exact' WHEN x.addr >> q.addr THEN 'contains' ELSE 'contained' END,
      ${columns}
    FROM unnest(${sql.param(addresses.map((i) => i.type))}::text[],
                ${sql.param(addresses.map((i) => i.value))}::text[],
                ${sql.param(addresses.map((i) => i.value))}::inet[]) AS q(type, value, addr)
    CROSS JOIN LATERAL (
      SELECT * FROM iocs x WHERE x.addr && q.addr AND ${iocScopeSql(scope, "x")}
      ORDER BY masklen(x.addr) DESC LIMIT ${MATCHES_PER_OBSERVABLE}
    ) x`,
  );
}
