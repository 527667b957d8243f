import { createHash } from "node:crypto";
import { count, eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { enqueueJob } from "../../platform/jobs/enqueue-job.ts";
import { detachedSign } from "../../platform/pgp/pgp-messages.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { getTeamSigningKey } from "../keys/get-team-signing-key.ts";
import { CVE_SERVICES_JOB } from "../psirt/cve-publication.ts";
import { assertEmbargoAllows } from "../psirt/embargo-rules.ts";
import { loadVisiblePsirtCase } from "../psirt/load-visible-psirt-case.ts";
import { psirtSubscribers } from "../psirt/psirt.tables.ts";
import {
  assertCanManagePsirt,
  assertPsirtTransition,
  type PsirtStatus,
} from "../psirt/psirt-rules.ts";
import type { PsirtSettings } from "../psirt/psirt-settings.ts";
import { recordPsirtChange, saveCase } from "../psirt/record-psirt-change.ts";
import { psirtAdvisories } from "./advisories.tables.ts";
import { type AdvisorySettings, renderCsafFor } from "./advisory-render.ts";
import { renderAdvisoryHtml, renderAdvisoryMarkdown } from "./advisory-text.ts";
import { assertValidCsaf } from "./csaf-validation.ts";
import { ADVISORY_MAIL_JOB } from "./mail-advisory.ts";

export interface PublishedAdvisory {
  trackingId: string;
  revision: number;
  fileName: string;
  url: string;
  htmlUrl: string;
  sha512: string;
  signerFingerprint: string;
  subscribers: number;
}

/**
 * Publishes the case's advisory (first release or a new revision) once the
 * embargo has lifted: generates the CSAF 2.0 document as TLP:WHITE, refuses it
 * unless it passes the schema and the §6.1 mandatory tests, hashes it, signs it
 * with the PSIRT team key, stores it with its Markdown/HTML renderings for the
 * provider directory, marks the case disclosed, and queues the signed mail to
 * subscribers (and, when CVE Services is configured, the CVE record's publication).
 */
export async function publishAdvisory(
  db: Db,
  input: {
    actor: Actor;
    id: string;
    settings: AdvisorySettings & Pick<PsirtSettings, "keyPassphrase" | "cveServices">;
    now?: Date | undefined;
  },
): Promise<PublishedAdvisory> {
  assertCanManagePsirt(input.actor);
  const now = input.now ?? new Date();
  return auditedTransaction(db, async (tx) => {
    const kase = await loadVisiblePsirtCase(tx, input.actor, input.id, { forUpdate: true });
    const status = kase.status as PsirtStatus;
    if (status !== "disclosed") assertPsirtTransition(status, "disclosed");
    assertEmbargoAllows(
      { until: kase.embargoUntil, zone: kase.embargoZone },
      { action: "publish", partyEmails: [] },
      now,
    );
    const disclosed = { ...kase, disclosedAt: kase.disclosedAt ?? now };
    const { document, trackingId, fileName, revision, urls } = await renderCsafFor(
      tx,
      disclosed,
      input.settings,
      { now, tlp: "CLEAR" },
    );
    await assertValidCsaf(document);
    const json = `${JSON.stringify(document, null, 2)}\n`;
    const sha512 = createHash("sha512").update(json, "utf8").digest("hex");
    const key = await getTeamSigningKey(tx, {
      purpose: "psirt",
      tenantId: kase.tenantId,
      keyPassphrase: input.settings.keyPassphrase,
      now,
    });
    const signature = await detachedSign(new TextEncoder().encode(json), key.privateKey);
    const textContext = {
      trackingId,
      revision,
      publishedAt: now,
      publisherName: input.settings.publisherName,
      csafUrl: urls.csaf,
    };
    const [advisory] = await tx
      .insert(psirtAdvisories)
      .values({
        caseId: kase.id,
        tenantId: kase.tenantId,
        trackingId,
        revision,
        fileName,
        tlp: "CLEAR",
        csafJson: json,
        sha512,
        signature: signature.armored,
        signerFingerprint: key.fingerprint,
        markdown: renderAdvisoryMarkdown(disclosed, textContext),
        html: renderAdvisoryHtml(disclosed, textContext),
        publishedAt: now,
      })
      .returning({ id: psirtAdvisories.id });
    if (!advisory) throw new Error("insert returned no row");
    const row =
      status === "disclosed"
        ? kase
        : await saveCase(tx, kase.id, { status: "disclosed", disclosedAt: now });
    const [subscribers] = await tx
      .select({ n: count() })
      .from(psirtSubscribers)
      .where(eq(psirtSubscribers.tenantId, kase.tenantId));
    const subscriberCount = subscribers?.n ?? 0;
    if (status !== "disclosed") {
      await recordPsirtChange(tx, input.actor, row, {
        type: "psirt.status_changed",
        data: { from: status, to: "disclosed" },
      });
    }
    await recordPsirtChange(tx, input.actor, row, {
      type: "psirt.advisory_published",
      data: { trackingId, revision, fileName, sha512, subscribersMailed: subscriberCount },
    });
    await enqueueJob(
      tx,
      ADVISORY_MAIL_JOB,
      { advisoryId: advisory.id },
      { dedupeKey: advisory.id },
    );
    if (input.settings.cveServices && kase.cveId && kase.cveState !== "rejected") {
      await enqueueJob(
        tx,
        CVE_SERVICES_JOB,
        { caseId: kase.id, action: kase.cveState === "published" ? "update" : "publish" },
        { dedupeKey: `${kase.id}:advisory:${revision}`, maxAttempts: 10 },
      );
    }
    return {
      trackingId,
      revision,
      fileName,
      url: urls.csaf,
      htmlUrl: urls.html,
      sha512,
      signerFingerprint: key.fingerprint,
      subscribers: subscriberCount,
    };
  });
}

/** For messages: what a missing advisory looks like. */
export function advisoryNotFound(what: string): DomainError {
  return new DomainError("ADVISORY_NOT_FOUND", `No published advisory ${what}.`);
}
