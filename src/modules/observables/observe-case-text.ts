import type { Db } from "../../platform/db/client.ts";
import { enqueueJob } from "../../platform/jobs/enqueue-job.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { CORRELATE_REPORT_JOB } from "../correlation/correlation-job-name.ts";
import type { Actor } from "../identity/actor.ts";
import { caseSubject, type VisibleCase } from "./load-visible-case.ts";
import { recordExtractedObservables } from "./record-observables.ts";

/**
 * Extracts and records the observables of a case's text in the caller's
 * transaction, writes `observables.extracted` when something new was found,
 * and (for reports) enqueues the correlation job. `createReport` calls this;
 * so does the intake for each mail part, with its own `origin`.
 */
export async function observeCaseText(
  tx: Db,
  actor: Actor,
  input: { case: VisibleCase; texts: string[]; origin: string; correlationKey?: string },
): Promise<{ added: number; seenAgain: number }> {
  const counts = await recordExtractedObservables(tx, actor, input);
  if (counts.added > 0) {
    await recordCaseChanges(tx, actor, [
      {
        subject: caseSubject(input.case),
        entityType: input.case.kind,
        entityId: input.case.id,
        event: { type: "observables.extracted", data: { origin: input.origin, ...counts } },
      },
    ]);
  }
  if (input.case.kind === "report") {
    await enqueueJob(
      tx,
      CORRELATE_REPORT_JOB,
      { reportId: input.case.id },
      { dedupeKey: `${input.case.id}:${input.correlationKey ?? "intake"}` },
    );
  }
  return counts;
}
