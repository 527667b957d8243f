import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { loadVisiblePsirtCase } from "../psirt/load-visible-psirt-case.ts";
import { type AdvisorySettings, renderCsafFor } from "./advisory-render.ts";

/**
 * The CSAF 2.0 document the case would publish as its next revision, with the
 * case's own TLP as distribution: the PSIRT's review copy. Publication
 * (publish-advisory) regenerates it as TLP:WHITE after the embargo.
 */
export async function getCsafPreview(
  db: Db,
  input: { actor: Actor; id: string; settings: AdvisorySettings; now?: Date | undefined },
): Promise<Record<string, unknown>> {
  const kase = await loadVisiblePsirtCase(db, input.actor, input.id);
  const { document } = await renderCsafFor(db, kase, input.settings, {
    now: input.now ?? new Date(),
    tlp: kase.tlp,
  });
  return document;
}
