import { eq, type SQL, sql } from "drizzle-orm";
import type { Actor } from "../identity/actor.ts";
import { psirtCases } from "./psirt.tables.ts";
import { canReadPsirtCases } from "./psirt-rules.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which vulnerability cases an actor may see: team members within their tenant
 * scope; constituents none (they read published advisories). Applied inside
 * every query so a hidden case answers exactly like a missing one.
 */
export function psirtCaseVisibleTo(actor: Actor): SQL {
  if (!canReadPsirtCases(actor)) return sql`false`;
  return actor.tenantId ? eq(psirtCases.tenantId, actor.tenantId) : sql`true`;
}

/** Matches a case by UUID or reference number (`1042`, `#1042`). */
export function psirtCaseKey(idOrRef: string): SQL | undefined {
  if (UUID.test(idOrRef)) return eq(psirtCases.id, idOrRef);
  const ref = /^#?(\d{1,9})$/.exec(idOrRef.trim());
  return ref ? eq(psirtCases.ref, Number(ref[1])) : undefined;
}
