import type { Db } from "../../platform/db/client.ts";
import { assertVersion } from "../../platform/db/versioned.ts";
import { DomainError } from "../../platform/errors.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { parseEmbargo } from "./embargo-rules.ts";
import { loadCaseParties, loadVisiblePsirtCase } from "./load-visible-psirt-case.ts";
import { type PsirtCaseView, toPsirtCaseView } from "./psirt-case-view.ts";
import { assertCanManagePsirt } from "./psirt-rules.ts";
import { recordPsirtChange, saveCase } from "./record-psirt-change.ts";

/**
 * Sets (or lifts, with `at: null`) the coordinated disclosure date. The date
 * always carries a zone; it is stored as UTC plus the IANA zone it was set in.
 * Moving the date re-arms the reminders.
 */
export async function setEmbargo(
  db: Db,
  input: {
    actor: Actor;
    id: string;
    expectedVersion: number;
    at: string | null;
    timeZone?: string | undefined;
  },
): Promise<PsirtCaseView> {
  assertCanManagePsirt(input.actor);
  let parsed: { until: Date; zone: string } | null = null;
  if (input.at !== null) {
    if (!input.timeZone) {
      throw new DomainError(
        "VALIDATION_FAILED",
        "An embargo date needs an explicit IANA time zone (timeZone).",
      );
    }
    parsed = parseEmbargo(input.at, input.timeZone);
  }
  return auditedTransaction(db, async (tx) => {
    const before = await loadVisiblePsirtCase(tx, input.actor, input.id, { forUpdate: true });
    assertVersion(before.version, input.expectedVersion, `Vulnerability case ${before.ref}`);
    if (before.status === "disclosed") {
      throw new DomainError("INVALID_TRANSITION", "A disclosed case has no embargo to change.");
    }
    const row = await saveCase(tx, before.id, {
      embargoUntil: parsed?.until ?? null,
      embargoZone: parsed?.zone ?? null,
      remindersSent: [],
    });
    await recordPsirtChange(tx, input.actor, row, {
      type: "psirt.embargo_set",
      data: {
        until: parsed?.until.toISOString() ?? null,
        zone: parsed?.zone ?? null,
        from: before.embargoUntil?.toISOString() ?? null,
      },
    });
    return toPsirtCaseView(row, await loadCaseParties(tx, row.id));
  });
}
