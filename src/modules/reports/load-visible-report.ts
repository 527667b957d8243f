import { and } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import type { Actor } from "../identity/actor.ts";
import { reportKey, reportVisibleTo } from "./report-visibility.ts";
import { reports } from "./reports.tables.ts";

/** Loads a report the actor may see, or REPORT_NOT_FOUND whether missing or hidden. */
export async function loadVisibleReport(
  db: Db,
  actor: Actor,
  idOrRef: string,
  options: { forUpdate?: boolean } = {},
): Promise<typeof reports.$inferSelect> {
  const key = reportKey(idOrRef);
  if (key) {
    // Lock first, then check visibility in a fresh statement: re-checked after a lock wait,
    // the visibility subquery would still use the old snapshot and miss an incident created
    // by the transaction we waited for (a spurious REPORT_NOT_FOUND on PostgreSQL).
    if (options.forUpdate)
      await db.select({ id: reports.id }).from(reports).where(key).for("update");
    const [row] = await db
      .select()
      .from(reports)
      .where(and(key, reportVisibleTo(actor)));
    if (row) return row;
  }
  throw new DomainError("REPORT_NOT_FOUND", `Report ${idOrRef} not found.`);
}
