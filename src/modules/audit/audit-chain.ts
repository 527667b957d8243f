import { createHash } from "node:crypto";
import { canonicalJson } from "../../platform/canonical-json.ts";

/** The previous-hash of the first record. */
export const GENESIS_HASH = "0".repeat(64);

/** What one audit record says; `record` in the table is its canonical JSON. */
export interface AuditRecord {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  tenantId: string | null;
  data: unknown;
}

export function serialiseAuditRecord(record: AuditRecord): string {
  return canonicalJson(record);
}

/** Each hash covers the previous hash and the exact record bytes. */
export function chainHash(prevHash: string, recordText: string): string {
  return createHash("sha256").update(prevHash).update("\n").update(recordText).digest("hex");
}

/** A stored row as read back for verification. */
export interface StoredAuditRow {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  tenantId: string | null;
  record: string;
  prevHash: string;
  hash: string;
}

/**
 * Checks one stored row against its predecessor. Returns why it is broken, or
 * null. Pure, so the rule is unit-tested without a database.
 */
export function checkAuditRow(
  row: StoredAuditRow,
  expectedSeq: number,
  expectedPrevHash: string,
): string | null {
  if (row.seq !== expectedSeq) {
    return `sequence gap: expected record ${expectedSeq}, found ${row.seq} (records deleted?)`;
  }
  if (row.prevHash !== expectedPrevHash)
    return "previous-hash link does not match the prior record";
  if (chainHash(row.prevHash, row.record) !== row.hash) return "hash does not match record content";
  let parsed: AuditRecord;
  try {
    parsed = JSON.parse(row.record) as AuditRecord;
  } catch {
    return "record is not valid JSON";
  }
  const columns: (keyof StoredAuditRow & keyof AuditRecord)[] = [
    "seq",
    "actorId",
    "actorLabel",
    "action",
    "entityType",
    "entityId",
    "tenantId",
  ];
  for (const column of columns) {
    if (parsed[column] !== row[column]) return `column ${column} differs from the hashed record`;
  }
  if (new Date(parsed.at).getTime() !== new Date(row.at).getTime()) {
    return "column at differs from the hashed record";
  }
  return null;
}
