import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import type { Tlp } from "../marking/marking.ts";
import { observableView } from "./load-case-observable.ts";
import { type CaseRef, caseSubject, loadVisibleCase } from "./load-visible-case.ts";
import type { ObservableView } from "./observable-view.ts";
import { normaliseObservable, type ObservableType } from "./observables-rules.ts";
import { upsertObservables } from "./record-observables.ts";

/** A handler adds an observable by hand; a known one is seen again rather than duplicated. */
export async function addObservable(
  db: Db,
  input: {
    actor: Actor;
    case: CaseRef;
    type: ObservableType;
    value: string;
    tlp?: Tlp | undefined;
  },
): Promise<ObservableView> {
  const { actor } = input;
  assertCan(actor, "incidents:write");
  const value = normaliseObservable(input.type, input.value);
  if (!value) {
    throw new DomainError("OBSERVABLE_INVALID", `This is not a valid ${input.type}.`);
  }
  return auditedTransaction(db, async (tx) => {
    const c = await loadVisibleCase(tx, actor, input.case);
    const [recorded] = await upsertObservables(tx, actor, {
      case: c,
      items: [{ type: input.type, value }],
      source: "manual",
      origin: "manual",
      tlp: input.tlp,
    });
    if (!recorded) throw new Error("upsert returned no row");
    if (recorded.inserted) {
      await recordCaseChanges(tx, actor, [
        {
          subject: caseSubject(c),
          entityType: c.kind,
          entityId: c.id,
          event: {
            type: "observable.added",
            data: { observableId: recorded.id, type: input.type, value, tlp: recorded.tlp },
          },
        },
      ]);
    }
    return observableView(tx, recorded.id);
  });
}
