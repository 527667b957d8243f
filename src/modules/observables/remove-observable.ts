import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { loadCaseObservable, observableSubject } from "./load-case-observable.ts";
import { type CaseRef, loadVisibleCase } from "./load-visible-case.ts";
import { observables } from "./observables.tables.ts";

/** Removes an observable (and its sightings) from its case; the timeline keeps what it was. */
export async function removeObservable(
  db: Db,
  input: { actor: Actor; case: CaseRef; observableId: string },
): Promise<void> {
  const { actor } = input;
  assertCan(actor, "incidents:write");
  await auditedTransaction(db, async (tx) => {
    const c = await loadVisibleCase(tx, actor, input.case);
    const row = await loadCaseObservable(tx, actor, c, input.observableId);
    await tx.delete(observables).where(eq(observables.id, row.id));
    await recordCaseChanges(tx, actor, [
      {
        ...observableSubject(row),
        event: {
          type: "observable.removed",
          data: { observableId: row.id, type: row.type, value: row.value },
        },
      },
    ]);
  });
}
