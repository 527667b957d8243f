import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { JobDefinition, WorkerLogger } from "../../platform/jobs/job-worker.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import { systemActor } from "../identity/actor.ts";
import { users } from "../identity/identity.tables.ts";
import { notify } from "../notifications/notify.ts";
import { findProfile } from "./load-profile.ts";
import { SECURITY_TXT_WARNING_DAYS } from "./profile-rules.ts";

export const SECURITY_TXT_EXPIRY_JOB = "profile.security-txt-expiry.v1";

export interface ExpiryWarning {
  expiresAt: string;
  daysLeft: number;
}

/**
 * Warns when security.txt expires within 30 days (or has expired): a log line,
 * an audit record, and a notification to each admin, once per admin and expiry
 * date. Returns the warning, or null when nothing is due.
 */
export async function warnSecurityTxtExpiry(
  db: Db,
  input: { now?: Date; logger?: WorkerLogger | undefined },
): Promise<ExpiryWarning | null> {
  const now = input.now ?? new Date();
  const found = await findProfile(db);
  if (!found) return null;
  const expiresAt = found.row.securityTxtExpiresAt;
  const daysLeft = Math.floor((expiresAt.getTime() - now.getTime()) / 86_400_000);
  if (daysLeft > SECURITY_TXT_WARNING_DAYS) return null;
  const warning = { expiresAt: expiresAt.toISOString(), daysLeft };
  const message =
    daysLeft < 0
      ? `security.txt expired on ${warning.expiresAt.slice(0, 10)}; renew it (./vigil profile renew).`
      : `security.txt expires on ${warning.expiresAt.slice(0, 10)}, in ${daysLeft} day(s); renew it (./vigil profile renew).`;
  input.logger?.info({ securityTxt: warning }, message);
  const admins = await db
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, "admin"), eq(users.disabled, false), isNull(users.tenantId)));
  await auditedTransaction(db, async (tx) => {
    let notified = 0;
    for (const admin of admins) {
      const stored = await notify(tx, {
        userId: admin.id,
        tenantId: null,
        incidentId: null,
        kind: "profile.security_txt_expiring",
        message,
        data: warning,
        dedupeKey: `security-txt-expiry:${admin.id}:${warning.expiresAt}:${daysLeft < 0 ? "expired" : "soon"}`,
      });
      if (stored) notified++;
    }
    // Audited once per newly notified warning, not on every daily run.
    if (notified > 0) {
      await appendAuditRecord(tx, systemActor, {
        action: "profile.security_txt_expiring",
        entityType: "team_profile",
        entityId: String(found.row.revision),
        tenantId: null,
        data: warning,
      });
    }
  });
  return warning;
}

/** Runs daily on the worker role. */
export function securityTxtExpiryJob(
  db: Db,
  logger?: WorkerLogger,
): JobDefinition<Record<string, never>> {
  return {
    name: SECURITY_TXT_EXPIRY_JOB,
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    async run() {
      await warnSecurityTxtExpiry(db, { logger });
    },
  };
}
