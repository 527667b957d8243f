import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import type { Actor } from "../identity/actor.ts";
import {
  type PsirtCaseRow,
  type PsirtPartyRow,
  psirtCaseParties,
  psirtCases,
} from "./psirt.tables.ts";
import { psirtCaseKey, psirtCaseVisibleTo } from "./psirt-visibility.ts";

/**
 * Loads a vulnerability case the actor may see, or fails with
 * PSIRT_CASE_NOT_FOUND whether it is missing or hidden. `forUpdate` locks it.
 */
export async function loadVisiblePsirtCase(
  db: Db,
  actor: Actor,
  idOrRef: string,
  options: { forUpdate?: boolean } = {},
): Promise<PsirtCaseRow> {
  const key = psirtCaseKey(idOrRef);
  if (key) {
    const query = db
      .select()
      .from(psirtCases)
      .where(and(key, psirtCaseVisibleTo(actor)));
    const [row] = options.forUpdate ? await query.for("update") : await query;
    if (row) return row;
  }
  throw new DomainError("PSIRT_CASE_NOT_FOUND", `Vulnerability case ${idOrRef} not found.`);
}

/** The coordinated parties of a case, in the order they were added. */
export function loadCaseParties(db: Db, caseId: string): Promise<PsirtPartyRow[]> {
  return db
    .select()
    .from(psirtCaseParties)
    .where(eq(psirtCaseParties.caseId, caseId))
    .orderBy(asc(psirtCaseParties.createdAt), asc(psirtCaseParties.id));
}
