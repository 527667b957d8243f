import { and, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { Page } from "../../platform/pagination.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import type { Tlp } from "../marking/marking.ts";
import { incidentMatchesText } from "../triage/text-search.ts";
import { type IncidentView, toIncidentView } from "./incident-view.ts";
import { incidentVisibleTo } from "./incident-visibility.ts";
import { incidents } from "./incidents.tables.ts";
import type { IncidentStatus, Severity } from "./incidents-rules.ts";

export interface IncidentFilters {
  status?: IncidentStatus | undefined;
  severity?: Severity | undefined;
  tenantId?: string | undefined;
  tlp?: Tlp | undefined;
  leadId?: string | undefined;
  q?: string | undefined;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Newest first; restricted and other-tenant incidents never appear for those who may not see them. */
export async function listIncidents(
  db: Db,
  input: { actor: Actor; filters: IncidentFilters; limit: number; offset: number },
): Promise<Page<IncidentView>> {
  assertCan(input.actor, "cases:read");
  const f = input.filters;
  const conditions: (SQL | undefined)[] = [
    incidentVisibleTo(input.actor),
    f.status ? eq(incidents.status, f.status) : undefined,
    f.severity ? eq(incidents.severity, f.severity) : undefined,
    f.tenantId ? eq(incidents.tenantId, f.tenantId) : undefined,
    f.tlp ? eq(incidents.tlp, f.tlp) : undefined,
    f.leadId ? eq(incidents.leadId, f.leadId) : undefined,
    // Substring of the title, or French/English full text of title and description.
    f.q ? or(ilike(incidents.title, `%${escapeLike(f.q)}%`), incidentMatchesText(f.q)) : undefined,
  ];
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(incidents)
      .where(where)
      .orderBy(desc(incidents.createdAt), desc(incidents.ref))
      .limit(input.limit)
      .offset(input.offset),
    db.select({ n: count() }).from(incidents).where(where),
  ]);
  return {
    items: rows.map(toIncidentView),
    total: totals[0]?.n ?? 0,
    limit: input.limit,
    offset: input.offset,
  };
}
