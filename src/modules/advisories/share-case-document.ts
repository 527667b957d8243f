import type { Db } from "../../platform/db/client.ts";
import { composeSignedMessage } from "../../platform/mail/pgp-mime.ts";
import { queueOutboundMessage } from "../../platform/mail/queue-outbound-message.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { getTeamSigningKey } from "../keys/get-team-signing-key.ts";
import { buildCveRecord } from "../psirt/cve-record.ts";
import { assertEmbargoAllows } from "../psirt/embargo-rules.ts";
import { assignedCve } from "../psirt/get-cve-record.ts";
import { loadCaseParties, loadVisiblePsirtCase } from "../psirt/load-visible-psirt-case.ts";
import { assertCanManagePsirt } from "../psirt/psirt-rules.ts";
import type { PsirtSettings } from "../psirt/psirt-settings.ts";
import { recordPsirtChange } from "../psirt/record-psirt-change.ts";
import { type AdvisorySettings, renderCsafFor } from "./advisory-render.ts";

export type ShareFormat = "csaf" | "cve";

/**
 * Exports a case's draft document (CSAF or CVE record) by signed mail. Under
 * embargo only coordinated parties may receive it (EMBARGO_ACTIVE otherwise),
 * which is how vendors and CERTs get the draft before the disclosure date.
 */
export async function shareCaseDocument(
  db: Db,
  input: {
    actor: Actor;
    id: string;
    format: ShareFormat;
    recipients: string[];
    settings: AdvisorySettings &
      Pick<PsirtSettings, "mailFrom" | "keyPassphrase" | "cnaOrgId" | "cnaShortName">;
    now?: Date | undefined;
  },
): Promise<{ queued: number }> {
  assertCanManagePsirt(input.actor);
  const now = input.now ?? new Date();
  const recipients = [...new Set(input.recipients.map((r) => r.trim().toLowerCase()))];
  return auditedTransaction(db, async (tx) => {
    const kase = await loadVisiblePsirtCase(tx, input.actor, input.id);
    const parties = await loadCaseParties(tx, kase.id);
    assertEmbargoAllows(
      { until: kase.embargoUntil, zone: kase.embargoZone },
      {
        action: "export",
        recipients,
        partyEmails: parties.map((p) => p.email).filter((e): e is string => !!e),
      },
      now,
    );
    const document =
      input.format === "cve"
        ? buildCveRecord(assignedCve(kase), input.settings)
        : (await renderCsafFor(tx, kase, input.settings, { now, tlp: kase.tlp })).document;
    const key = await getTeamSigningKey(tx, {
      purpose: "psirt",
      tenantId: kase.tenantId,
      keyPassphrase: input.settings.keyPassphrase,
      now,
    });
    for (const address of recipients) {
      const message = await composeSignedMessage(
        {
          from: { name: input.settings.publisherName, address: input.settings.mailFrom },
          to: [{ address }],
          subject: `[VIGIL #${kase.ref}] Draft ${input.format === "cve" ? "CVE record" : "advisory"} (TLP:${kase.tlp}): ${kase.title}`,
        },
        {
          text: `Draft for coordinated disclosure of case #${kase.ref}, TLP:${kase.tlp}.\n`,
          attachments: [
            {
              filename: `vigil-${kase.ref}-${input.format}.json`,
              contentType: "application/json",
              content: new TextEncoder().encode(JSON.stringify(document, null, 2)),
            },
          ],
        },
        key.privateKey,
      );
      await queueOutboundMessage(tx, message);
    }
    await recordPsirtChange(tx, input.actor, kase, {
      type: "psirt.shared",
      data: { format: input.format, recipients },
    });
    return { queued: recipients.length };
  });
}
