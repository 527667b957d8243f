import { and, eq, inArray, ne, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { outboundMessages } from "../../platform/mail/mail.tables.ts";
import { incidents } from "../incidents/incidents.tables.ts";
import { reports } from "../reports/reports.tables.ts";
import { inboundMessages } from "./intake.tables.ts";
import { parseSubjectTag } from "./intake-rules.ts";

export interface ThreadTarget {
  reportId: string | null;
  incidentId: string | null;
  by: "subject-tag" | "in-reply-to";
}

/**
 * The case an incoming message continues, within its tenant: a `[VIGIL #ref]`
 * subject tag (report or incident), else a Message-ID it replies to (an
 * earlier inbound message or one of Vigil's acknowledgements). A merged
 * report forwards to the report it was merged into.
 */
export async function findThread(
  tx: Db,
  input: { tenantId: string; subject: string; replyTo: string[] },
): Promise<ThreadTarget | null> {
  const ref = parseSubjectTag(input.subject);
  if (ref !== null) {
    const [report] = await tx
      .select({ id: reports.id, mergedIntoId: reports.mergedIntoId })
      .from(reports)
      .where(and(eq(reports.ref, ref), eq(reports.tenantId, input.tenantId)));
    if (report)
      return { reportId: report.mergedIntoId ?? report.id, incidentId: null, by: "subject-tag" };
    const [incident] = await tx
      .select({ id: incidents.id })
      .from(incidents)
      .where(and(eq(incidents.ref, ref), eq(incidents.tenantId, input.tenantId)));
    if (incident) return { reportId: null, incidentId: incident.id, by: "subject-tag" };
  }
  const ids = input.replyTo.filter(Boolean).slice(0, 50);
  if (ids.length === 0) return null;
  const bracketed = ids.map((id) => `<${id}>`);
  const [earlier] = await tx
    .select({ reportId: inboundMessages.reportId, incidentId: inboundMessages.incidentId })
    .from(inboundMessages)
    .leftJoin(outboundMessages, eq(outboundMessages.id, inboundMessages.ackOutboundId))
    .where(
      and(
        eq(inboundMessages.tenantId, input.tenantId),
        ne(inboundMessages.status, "deleted"),
        sql`(${inArray(inboundMessages.messageId, ids)} OR ${inArray(outboundMessages.messageId, bracketed)})`,
        sql`(${inboundMessages.reportId} IS NOT NULL OR ${inboundMessages.incidentId} IS NOT NULL)`,
      ),
    )
    .orderBy(inboundMessages.receivedAt)
    .limit(1);
  if (!earlier) return null;
  if (earlier.reportId) {
    const [report] = await tx
      .select({ id: reports.id, mergedIntoId: reports.mergedIntoId })
      .from(reports)
      .where(eq(reports.id, earlier.reportId));
    return {
      reportId: report?.mergedIntoId ?? earlier.reportId,
      incidentId: null,
      by: "in-reply-to",
    };
  }
  return { reportId: null, incidentId: earlier.incidentId, by: "in-reply-to" };
}
