import { and, asc, eq, gt, type SQL } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { auditLog } from "./audit.tables.ts";
import type { AuditRecord } from "./audit-chain.ts";

export interface AuditListItem extends AuditRecord {
  hash: string;
  prevHash: string;
}

/** Audit records in chain order, after a sequence number (cursor paging). */
export async function listAuditRecords(
  db: Db,
  input: {
    actor: Actor;
    afterSeq: number;
    limit: number;
    entityType?: string | undefined;
    entityId?: string | undefined;
  },
): Promise<AuditListItem[]> {
  assertCan(input.actor, "audit:read");
  const conditions: (SQL | undefined)[] = [
    gt(auditLog.seq, input.afterSeq),
    input.entityType ? eq(auditLog.entityType, input.entityType) : undefined,
    input.entityId ? eq(auditLog.entityId, input.entityId) : undefined,
    input.actor.tenantId ? eq(auditLog.tenantId, input.actor.tenantId) : undefined,
  ];
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(asc(auditLog.seq))
    .limit(input.limit);
  return rows.map((r) => ({
    ...(JSON.parse(r.record) as AuditRecord),
    hash: r.hash,
    prevHash: r.prevHash,
  }));
}
