import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import type { Actor } from "../identity/actor.ts";
import { caseObservablesWhere } from "./list-case-observables.ts";
import type { VisibleCase } from "./load-visible-case.ts";
import { type ObservableView, toObservableView } from "./observable-view.ts";
import { observableSightings, observables } from "./observables.tables.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An observable listed under this case (locked for update), or OBSERVABLE_NOT_FOUND. */
export async function loadCaseObservable(
  tx: Db,
  actor: Actor,
  c: VisibleCase,
  observableId: string,
): Promise<typeof observables.$inferSelect> {
  if (UUID.test(observableId)) {
    const [row] = await tx
      .select()
      .from(observables)
      .where(and(eq(observables.id, observableId), caseObservablesWhere(actor, c)))
      .for("update");
    if (row) return row;
  }
  throw new DomainError("OBSERVABLE_NOT_FOUND", `Observable ${observableId} not found.`);
}

/** The view of one observable with its sighting count. */
export async function observableView(tx: Db, id: string): Promise<ObservableView> {
  const [row] = await tx.select().from(observables).where(eq(observables.id, id));
  if (!row) throw new DomainError("OBSERVABLE_NOT_FOUND", `Observable ${id} not found.`);
  const [count] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(observableSightings)
    .where(eq(observableSightings.observableId, id));
  return toObservableView(row, count?.n ?? 0);
}

/** The timeline subject of the case an observable row belongs to. */
export function observableSubject(row: typeof observables.$inferSelect): {
  subject: { tenantId: string; reportId?: string; incidentId?: string };
  entityType: "report" | "incident";
  entityId: string;
} {
  return row.reportId
    ? {
        subject: { tenantId: row.tenantId, reportId: row.reportId },
        entityType: "report",
        entityId: row.reportId,
      }
    : {
        subject: { tenantId: row.tenantId, incidentId: row.incidentId as string },
        entityType: "incident",
        entityId: row.incidentId as string,
      };
}
