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
    const query = db
      .select()
      .from(reports)
      .where(and(key, reportVisibleTo(actor)));
    const [row] = options.forUpdate ? await query.for("update") : await query;
    if (row) return row;
  }
  throw new DomainError("REPORT_NOT_FOUND", `Report ${idOrRef} not found.`);
}
