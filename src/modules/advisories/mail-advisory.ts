import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { JobDefinition } from "../../platform/jobs/job-worker.ts";
import { composeSignedMessage } from "../../platform/mail/pgp-mime.ts";
import { queueOutboundMessage } from "../../platform/mail/queue-outbound-message.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { systemActor } from "../identity/actor.ts";
import { getTeamSigningKey } from "../keys/get-team-signing-key.ts";
import { assertEmbargoAllows } from "../psirt/embargo-rules.ts";
import { loadVisiblePsirtCase } from "../psirt/load-visible-psirt-case.ts";
import { psirtSubscribers } from "../psirt/psirt.tables.ts";
import type { PsirtSettings } from "../psirt/psirt-settings.ts";
import { recordPsirtChange } from "../psirt/record-psirt-change.ts";
import { psirtAdvisories } from "./advisories.tables.ts";

export const ADVISORY_MAIL_JOB = "psirt.advisory-mail.v1";

/**
 * Mails a published advisory revision to the tenant's subscribers: one
 * PGP/MIME signed message each (Markdown body, CSAF JSON attached), all queued
 * in one transaction that also stamps the revision as mailed, so a retried job
 * never mails twice. The embargo is checked again: mail never leaves early.
 */
export async function mailAdvisory(
  db: Db,
  input: {
    advisoryId: string;
    settings: Pick<PsirtSettings, "mailFrom" | "publisherName" | "keyPassphrase">;
    now?: Date;
  },
): Promise<number> {
  const now = input.now ?? new Date();
  return auditedTransaction(db, async (tx) => {
    const [advisory] = await tx
      .select()
      .from(psirtAdvisories)
      .where(eq(psirtAdvisories.id, input.advisoryId))
      .for("update");
    if (!advisory || advisory.mailedAt) return 0;
    const kase = await loadVisiblePsirtCase(tx, systemActor, advisory.caseId);
    const subscribers = await tx
      .select()
      .from(psirtSubscribers)
      .where(eq(psirtSubscribers.tenantId, advisory.tenantId));
    assertEmbargoAllows(
      { until: kase.embargoUntil, zone: kase.embargoZone },
      { action: "mail", recipients: subscribers.map((s) => s.email), partyEmails: [] },
      now,
    );
    const key = await getTeamSigningKey(tx, {
      purpose: "psirt",
      tenantId: advisory.tenantId,
      keyPassphrase: input.settings.keyPassphrase,
      now,
    });
    for (const s of subscribers) {
      const message = await composeSignedMessage(
        {
          from: { name: input.settings.publisherName, address: input.settings.mailFrom },
          to: [{ ...(s.name ? { name: s.name } : {}), address: s.email }],
          subject: `[${advisory.trackingId}] ${kase.title}`,
          extra: { "Auto-Submitted": "auto-generated" },
        },
        {
          text: advisory.markdown,
          attachments: [
            {
              filename: advisory.fileName,
              contentType: "application/json",
              content: new TextEncoder().encode(advisory.csafJson),
            },
          ],
        },
        key.privateKey,
      );
      await queueOutboundMessage(tx, message);
    }
    await tx
      .update(psirtAdvisories)
      .set({ mailedAt: now })
      .where(eq(psirtAdvisories.id, advisory.id));
    await recordPsirtChange(tx, systemActor, kase, {
      type: "psirt.shared",
      data: { format: "advisory-mail", recipients: subscribers.map((s) => s.email) },
    });
    return subscribers.length;
  });
}

export function advisoryMailJob(
  db: Db,
  settings: Pick<PsirtSettings, "mailFrom" | "publisherName" | "keyPassphrase">,
): JobDefinition<{ advisoryId: string }> {
  return {
    name: ADVISORY_MAIL_JOB,
    payload: z.strictObject({ advisoryId: z.uuid() }),
    async run({ advisoryId }) {
      await mailAdvisory(db, { advisoryId, settings });
    },
  };
}
