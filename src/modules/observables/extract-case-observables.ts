import type { Db } from "../../platform/db/client.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { loadVisibleIncident } from "../incidents/load-visible-incident.ts";
import { loadVisibleReport } from "../reports/load-visible-report.ts";
import type { CaseRef, VisibleCase } from "./load-visible-case.ts";
import { observeCaseText } from "./observe-case-text.ts";

/**
 * Runs extraction again on demand over the case's own text (report subject and
 * summary, incident title and description), e.g. after an edit. Reports are
 * correlated again by a new job.
 */
export async function extractCaseObservables(
  db: Db,
  input: { actor: Actor; case: CaseRef },
): Promise<{ added: number; seenAgain: number }> {
  const { actor } = input;
  assertCan(actor, "incidents:write");
  return auditedTransaction(db, async (tx) => {
    let c: VisibleCase;
    let texts: string[];
    if (input.case.kind === "report") {
      const r = await loadVisibleReport(tx, actor, input.case.id);
      c = { kind: "report", id: r.id, ref: r.ref, tenantId: r.tenantId, tlp: r.tlp };
      texts = [r.subject, r.summary];
    } else {
      const i = await loadVisibleIncident(tx, actor, input.case.id);
      c = { kind: "incident", id: i.id, ref: i.ref, tenantId: i.tenantId, tlp: i.tlp };
      texts = [i.title, i.description];
    }
    return observeCaseText(tx, actor, {
      case: c,
      texts,
      origin: "extract",
      correlationKey: new Date().toISOString(),
    });
  });
}
