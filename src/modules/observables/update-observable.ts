import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import type { Tlp } from "../marking/marking.ts";
import { diffFields } from "../timeline/timeline-events.ts";
import { loadCaseObservable, observableSubject, observableView } from "./load-case-observable.ts";
import { type CaseRef, loadVisibleCase } from "./load-visible-case.ts";
import type { ObservableView } from "./observable-view.ts";
import { observables } from "./observables.tables.ts";

/** Marks an observable as a false positive (ignored by correlation) or changes its TLP. */
export async function updateObservable(
  db: Db,
  input: {
    actor: Actor;
    case: CaseRef;
    observableId: string;
    patch: { falsePositive?: boolean | undefined; tlp?: Tlp | undefined };
  },
): Promise<ObservableView> {
  const { actor } = input;
  assertCan(actor, "incidents:write");
  return auditedTransaction(db, async (tx) => {
    const c = await loadVisibleCase(tx, actor, input.case);
    const row = await loadCaseObservable(tx, actor, c, input.observableId);
    const changes = diffFields(
      { falsePositive: row.falsePositive, tlp: row.tlp },
      { falsePositive: input.patch.falsePositive, tlp: input.patch.tlp },
    );
    if (Object.keys(changes).length > 0) {
      await tx
        .update(observables)
        .set({
          ...(input.patch.falsePositive === undefined
            ? {}
            : { falsePositive: input.patch.falsePositive }),
          ...(input.patch.tlp === undefined ? {} : { tlp: input.patch.tlp }),
        })
        .where(eq(observables.id, row.id));
      await recordCaseChanges(tx, actor, [
        {
          ...observableSubject(row),
          event: {
            type: "observable.updated",
            data: { observableId: row.id, type: row.type, value: row.value, changes },
          },
        },
      ]);
    }
    return observableView(tx, row.id);
  });
}
