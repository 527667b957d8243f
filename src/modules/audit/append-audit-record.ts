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

interface PendingEntry {
  actor: Actor;
  entry: AuditEntry;
}

/** Audit entries waiting for the end of their audited transaction, by transaction handle. */
const pendingByTransaction = new WeakMap<Db, PendingEntry[]>();

/**
 * Runs `fn` in a transaction whose audit records are appended at its very end.
 * The chain lock is then the last lock the transaction takes and is held only
 * for the final inserts and the commit: no use case can deadlock by locking a
 * row after it, and concurrent writers wait on it as briefly as possible.
 */
export function auditedTransaction<T>(db: Db, fn: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const pending: PendingEntry[] = [];
    pendingByTransaction.set(tx, pending);
    const result = await fn(tx);
    pendingByTransaction.delete(tx);
    await appendNow(tx, pending);
    return result;
  });
}

/**
 * Adds one record to the hash chain in the caller's transaction: at its end
 * inside `auditedTransaction`, at once otherwise.
 */
export async function appendAuditRecord(tx: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  const pending = pendingByTransaction.get(tx);
  if (pending) pending.push({ actor, entry });
  else await appendNow(tx, [{ actor, entry }]);
}

async function appendNow(tx: Db, entries: PendingEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows: (typeof auditLog.$inferInsert)[] = [];
  for (const { actor, entry } of entries) {
    seq++;
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
    const hash = chainHash(prevHash, record);
    rows.push({
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
      hash,
    });
    prevHash = hash;
  }
  await tx.insert(auditLog).values(rows);
}
