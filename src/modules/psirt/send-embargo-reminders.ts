import { and, eq, isNotNull, ne } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { JobDefinition } from "../../platform/jobs/job-worker.ts";
import { auditedTransaction } from "../audit/append-audit-record.ts";
import { systemActor } from "../identity/actor.ts";
import { dueReminder } from "./embargo-rules.ts";
import { loadVisiblePsirtCase } from "./load-visible-psirt-case.ts";
import { psirtCases } from "./psirt.tables.ts";
import { recordPsirtChange } from "./record-psirt-change.ts";

export const EMBARGO_REMINDERS_JOB = "psirt.embargo-reminders.v1";

/**
 * Puts a reminder on the timeline of every undisclosed case whose disclosure
 * date is 7 days, 1 day or 1 hour away. Each reminder is sent once per date
 * (setting a new date re-arms them); re-running finds nothing more to do.
 */
export async function sendEmbargoReminders(db: Db, now = new Date()): Promise<number> {
  const candidates = await db
    .select({ id: psirtCases.id, until: psirtCases.embargoUntil, sent: psirtCases.remindersSent })
    .from(psirtCases)
    .where(and(isNotNull(psirtCases.embargoUntil), ne(psirtCases.status, "disclosed")));
  let sent = 0;
  for (const c of candidates) {
    if (!c.until || !dueReminder(c.until, c.sent, now)) continue;
    await auditedTransaction(db, async (tx) => {
      const kase = await loadVisiblePsirtCase(tx, systemActor, c.id, { forUpdate: true });
      const reminder = kase.embargoUntil && dueReminder(kase.embargoUntil, kase.remindersSent, now);
      if (!reminder || !kase.embargoUntil) return;
      // Not an edit of the case: its version stays, so nobody's open form conflicts.
      await tx
        .update(psirtCases)
        .set({ remindersSent: [...kase.remindersSent, reminder] })
        .where(eq(psirtCases.id, kase.id));
      await recordPsirtChange(tx, systemActor, kase, {
        type: "psirt.embargo_reminder",
        data: { reminder, until: kase.embargoUntil.toISOString() },
      });
      sent++;
    });
  }
  return sent;
}

export function embargoRemindersJob(db: Db): JobDefinition<Record<string, never>> {
  return {
    name: EMBARGO_REMINDERS_JOB,
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    async run() {
      await sendEmbargoReminders(db);
    },
  };
}
