import { and } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import type { Actor } from "../identity/actor.ts";
import { incidentKey, incidentVisibleTo } from "./incident-visibility.ts";
import { incidents } from "./incidents.tables.ts";

/**
 * Loads an incident the actor may see, or fails with INCIDENT_NOT_FOUND — the
 * same answer whether it does not exist or is hidden from this actor.
 * `forUpdate` locks the row for the rest of the transaction.
 */
export async function loadVisibleIncident(
  db: Db,
  actor: Actor,
  idOrRef: string,
  options: { forUpdate?: boolean } = {},
): Promise<typeof incidents.$inferSelect> {
  const key = incidentKey(idOrRef);
  if (key) {
    const query = db
      .select()
      .from(incidents)
      .where(and(key, incidentVisibleTo(actor)));
    const [row] = options.forUpdate ? await query.for("update") : await query;
    if (row) return row;
  }
  throw new DomainError("INCIDENT_NOT_FOUND", `Incident ${idOrRef} not found.`);
}
