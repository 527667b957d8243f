import { asc, gt } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { auditLog } from "./audit.tables.ts";
import { checkAuditRow, GENESIS_HASH } from "./audit-chain.ts";

export interface AuditVerification {
  ok: boolean;
  checked: number;
  lastSeq: number;
  lastHash: string;
  firstBroken: { seq: number; reason: string } | null;
}

const BATCH = 2000;

/**
 * Walks the whole chain in order and names the first record that was edited,
 * deleted or reordered. Reports the head hash so it can be noted elsewhere:
 * truncating the newest records is only detectable against a noted head.
 */
export async function verifyAuditChain(db: Db, actor: Actor): Promise<AuditVerification> {
  assertCan(actor, "audit:read");
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  let cursor = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.seq, cursor))
      .orderBy(asc(auditLog.seq))
      .limit(BATCH);
    for (const row of rows) {
      const reason = checkAuditRow({ ...row, at: row.at.toISOString() }, expectedSeq, prevHash);
      if (reason) {
        return {
          ok: false,
          checked,
          lastSeq: expectedSeq - 1,
          lastHash: prevHash,
          firstBroken: { seq: row.seq, reason },
        };
      }
      checked++;
      expectedSeq = row.seq + 1;
      prevHash = row.hash;
      cursor = row.seq;
    }
    if (rows.length < BATCH) break;
  }
  return { ok: true, checked, lastSeq: expectedSeq - 1, lastHash: prevHash, firstBroken: null };
}
