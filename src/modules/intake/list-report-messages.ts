import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { loadVisibleReport } from "../reports/load-visible-report.ts";
import { inboundAttachments, inboundMessages } from "./intake.tables.ts";
import { type InboundMessageView, toInboundMessageView } from "./intake-views.ts";

/** The e-mail messages filed on a report, oldest first, with crypto outcome and attachments. */
export async function listReportMessages(
  db: Db,
  input: { actor: Actor; reportId: string },
): Promise<InboundMessageView[]> {
  const report = await loadVisibleReport(db, input.actor, input.reportId);
  const rows = await db
    .select()
    .from(inboundMessages)
    .where(eq(inboundMessages.reportId, report.id))
    .orderBy(asc(inboundMessages.receivedAt), asc(inboundMessages.id));
  return withAttachments(db, rows);
}

export async function withAttachments(
  db: Db,
  rows: (typeof inboundMessages.$inferSelect)[],
): Promise<InboundMessageView[]> {
  const ids = rows.map((r) => r.id);
  const attachments =
    ids.length === 0
      ? []
      : await db
          .select()
          .from(inboundAttachments)
          .where(inArray(inboundAttachments.inboundMessageId, ids))
          .orderBy(asc(inboundAttachments.position));
  return rows.map((row) =>
    toInboundMessageView(
      row,
      attachments.filter((a) => a.inboundMessageId === row.id),
    ),
  );
}
