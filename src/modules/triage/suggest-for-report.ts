import type { Db } from "../../platform/db/client.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { loadVisibleReport } from "../reports/load-visible-report.ts";
import { type RsitSuggestion, suggestRsit } from "./rsit-suggestions.ts";

/** RSIT suggestions from a report's subject and summary. */
export async function suggestForReport(
  db: Db,
  input: { actor: Actor; id: string; observableTypes?: string[] | undefined },
): Promise<RsitSuggestion[]> {
  assertCan(input.actor, "cases:read");
  const report = await loadVisibleReport(db, input.actor, input.id);
  return suggestRsit(`${report.subject}\n${report.summary}`, input.observableTypes ?? []);
}
