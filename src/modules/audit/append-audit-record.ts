import { desc, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { auditLog } from "./audit.tables.ts";
import { chainHash, GENESIS_HASH, serialiseAuditRecord } from "./audit-chain.ts";

/** Serialises appends across nodes: held until the surrounding transaction ends. */
const AUDIT_LOCK_KEY = 72_620_132;

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string;
  tenantId: string | null;
  data: unknown;
}

/**
 * Appends one record to the hash chain inside the caller's transaction. Call it
 * last in a use case: the chain lock is held until commit.
 */
export async function appendAuditRecord(tx: Db, actor: Actor, entry: AuditEntry): Promise<number> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const at = new Date();
  const record = serialiseAuditRecord({
    seq,
    at: at.toISOString(),
    actorId: actor.userId,
    actorLabel: actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    tenantId: entry.tenantId,
    data: entry.data ?? null,
  });
  await tx.insert(auditLog).values({
    seq,
    at,
    actorId: actor.userId,
    actorLabel: actor.label,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    tenantId: entry.tenantId,
    record,
    prevHash,
    hash: chainHash(prevHash, record),
  });
  return seq;
}
