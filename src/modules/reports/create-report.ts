import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { DEFAULT_PAP, DEFAULT_TLP, type Pap, type Tlp } from "../marking/marking.ts";
import { observeCaseText } from "../observables/observe-case-text.ts";
import { resolveWriteTenant } from "../tenants/resolve-write-tenant.ts";
import { type ReportView, type reportChannels, toReportView } from "./report-view.ts";
import { reports } from "./reports.tables.ts";

export interface CreateReportInput {
  actor: Actor;
  channel: (typeof reportChannels)[number];
  subject: string;
  summary?: string | undefined;
  reporterName?: string | undefined;
  reporterEmail?: string | undefined;
  receivedAt?: Date | undefined;
  sourceRef?: string | undefined;
  tlp?: Tlp | undefined;
  pap?: Pap | undefined;
  urgent?: boolean | undefined;
  tenant?: string | undefined;
}

/** Records what came in. Unlabelled reports get the seeds' TLP:GREEN / PAP:GREEN. */
export async function createReport(db: Db, input: CreateReportInput): Promise<ReportView> {
  const { actor } = input;
  assertCan(actor, "reports:write");
  return auditedTransaction(db, async (tx) => {
    const tenantId = await resolveWriteTenant(tx, actor, input.tenant);
    const [row] = await tx
      .insert(reports)
      .values({
        ref: sql`nextval('case_ref_seq')`,
        tenantId,
        channel: input.channel,
        subject: input.subject.trim(),
        summary: input.summary ?? "",
        reporterName: input.reporterName ?? null,
        reporterEmail: input.reporterEmail?.trim().toLowerCase() ?? null,
        receivedAt: input.receivedAt ?? new Date(),
        sourceRef: input.sourceRef ?? null,
        tlp: input.tlp ?? DEFAULT_TLP,
        pap: input.pap ?? DEFAULT_PAP,
        urgent: input.urgent ?? false,
        createdBy: actor.userId,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await recordCaseChanges(tx, actor, [
      {
        subject: { tenantId, reportId: row.id },
        entityType: "report",
        entityId: row.id,
        event: {
          type: "report.created",
          data: {
            ref: row.ref,
            channel: row.channel,
            subject: row.subject,
            urgent: row.urgent,
            tlp: row.tlp,
            pap: row.pap,
          },
        },
      },
    ]);
    await observeCaseText(tx, actor, {
      case: { kind: "report", id: row.id, ref: row.ref, tenantId, tlp: row.tlp },
      texts: [row.subject, row.summary],
      origin: "report",
    });
    return toReportView(row);
  });
}
