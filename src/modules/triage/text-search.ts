import { or, type SQL, sql } from "drizzle-orm";
import { incidents } from "../incidents/incidents.tables.ts";
import { reports } from "../reports/reports.tables.ts";

/**
 * Full-text match in English and French (web-search syntax: words, "phrases",
 * -exclusions, or). The expressions are those of the GIN indexes of
 * migration 0004, so PostgreSQL can use them.
 */
function matches(document: SQL, q: string): SQL {
  return or(
    sql`to_tsvector('english'::regconfig, ${document}) @@ websearch_to_tsquery('english'::regconfig, ${q})`,
    sql`to_tsvector('french'::regconfig, ${document}) @@ websearch_to_tsquery('french'::regconfig, ${q})`,
  ) as SQL;
}

export function reportMatchesText(q: string): SQL {
  return matches(sql`${reports.subject} || ' ' || ${reports.summary}`, q);
}

export function incidentMatchesText(q: string): SQL {
  return matches(sql`${incidents.title} || ' ' || ${incidents.description}`, q);
}
