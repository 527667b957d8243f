import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { recordCaseChanges } from "../audit/record-change.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { DEFAULT_PAP, DEFAULT_TLP, type Pap, type Tlp } from "../marking/marking.ts";
import { linkReportInTx } from "../reports/link-report.ts";
import { loadVisibleReport } from "../reports/load-visible-report.ts";
import { assertRsit } from "../taxonomy/rsit.ts";
import { resolveWriteTenant } from "../tenants/resolve-write-tenant.ts";
import { assertLead } from "./assert-lead.ts";
import { type IncidentView, toIncidentView } from "./incident-view.ts";
import { incidentMembers, incidents } from "./incidents.tables.ts";
import type { Priority, Severity } from "./incidents-rules.ts";

export interface CreateIncidentInput {
  actor: Actor;
  title: string;
  description?: string | undefined;
  severity?: Severity | undefined;
  priority?: Priority | undefined;
  tlp?: Tlp | undefined;
  pap?: Pap | undefined;
  rsitClass?: string | undefined;
  rsitType?: string | undefined;
  tenant?: string | undefined;
  leadId?: string | undefined;
  /** Need-to-know: only members see it. The creator and the lead become members. */
  restricted?: boolean | undefined;
  memberIds?: string[] | undefined;
  /** Reports to link on creation (triage: "create incident from this report"). */
  reportIds?: string[] | undefined;
}

export async function createIncident(db: Db, input: CreateIncidentInput): Promise<IncidentView> {
  const { actor } = input;
  assertCan(actor, "incidents:write");
  const rsitClass = input.rsitClass ?? null;
  const rsitType = input.rsitType ?? null;
  assertRsit(rsitClass, rsitType);
  return auditedTransaction(db, async (tx) => {
    const tenantId = await resolveWriteTenant(tx, actor, input.tenant);
    if (input.leadId) await assertLead(tx, input.leadId, tenantId);
    // Lock the reports to link now, in id order: locking them after the audit chain lock
    // (taken by recordCaseChanges) deadlocks with a concurrent edit of one of them.
    const reportIds = new Set<string>();
    for (const key of input.reportIds ?? []) {
      reportIds.add((await loadVisibleReport(tx, actor, key)).id);
    }
    for (const id of [...reportIds].sort()) {
      await loadVisibleReport(tx, actor, id, { forUpdate: true });
    }
    const [row] = await tx
      .insert(incidents)
      .values({
        ref: sql`nextval('case_ref_seq')`,
        tenantId,
        title: input.title.trim(),
        description: input.description ?? "",
        severity: input.severity ?? "medium",
        priority: input.priority ?? null,
        tlp: input.tlp ?? DEFAULT_TLP,
        pap: input.pap ?? DEFAULT_PAP,
        rsitClass,
        rsitType,
        leadId: input.leadId ?? null,
        restricted: input.restricted ?? false,
        createdBy: actor.userId,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    const members = new Set(input.memberIds ?? []);
    if (actor.userId) members.add(actor.userId);
    if (input.leadId) members.add(input.leadId);
    for (const userId of members) {
      if (userId !== actor.userId && userId !== input.leadId)
        await assertLead(tx, userId, tenantId);
      await tx.insert(incidentMembers).values({ incidentId: row.id, userId });
    }
    await recordCaseChanges(tx, actor, [
      {
        subject: { tenantId, incidentId: row.id },
        entityType: "incident",
        entityId: row.id,
        event: {
          type: "incident.created",
          data: {
            ref: row.ref,
            title: row.title,
            status: row.status,
            severity: row.severity,
            tlp: row.tlp,
            pap: row.pap,
          },
        },
      },
    ]);
    for (const reportId of reportIds) {
      await linkReportInTx(tx, actor, reportId, row);
    }
    return toIncidentView(row);
  });
}
