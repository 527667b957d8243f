import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { DEFAULT_TLP, type Tlp } from "../marking/marking.ts";
import { addressOf } from "../observables/observables-rules.ts";
import { findTenant } from "../tenants/find-tenant.ts";
import { iocs } from "./iocs.tables.ts";
import {
  type NormalisedIoc,
  normaliseIocs,
  parseIocCsv,
  parseStixBundle,
  type Skipped,
} from "./iocs-rules.ts";

export type IocImportInput = { format: "csv"; csv: string } | { format: "stix"; bundle: unknown };

export interface IocImportResult {
  received: number;
  imported: number;
  updated: number;
  ignored: number;
  skipped: Skipped[];
}

const BATCH = 1000;
const MAX_SKIPPED_REPORTED = 1000;

/** The tenant scope of imported IOCs: the actor's own tenant, a chosen one, or shared (null). */
async function importScope(
  db: Db,
  actor: Actor,
  tenant: string | undefined,
): Promise<string | null> {
  if (!tenant) return actor.tenantId;
  const row = await findTenant(db, tenant);
  if (!row) throw new DomainError("TENANT_NOT_FOUND", `No tenant ${tenant}.`);
  if (actor.tenantId && row.id !== actor.tenantId) {
    throw new DomainError("TENANT_MISMATCH", "You can only import into your own tenant.");
  }
  return row.id;
}

/**
 * Upserts IOCs in multi-row batches (COPY is not available on PGlite): a known
 * (type, value) in the same scope is seen again, its TLP and description updated.
 */
export async function insertIocBatches(
  tx: Db,
  rows: NormalisedIoc[],
  scope: { tenantId: string | null; defaultTlp: Tlp; source: string },
): Promise<{ imported: number; updated: number }> {
  let imported = 0;
  const now = new Date();
  for (let i = 0; i < rows.length; i += BATCH) {
    const result = await tx
      .insert(iocs)
      .values(
        rows.slice(i, i + BATCH).map((r) => ({
          tenantId: scope.tenantId,
          type: r.type,
          value: r.value,
          addr: addressOf(r.type, r.value),
          tlp: r.tlp ?? scope.defaultTlp,
          description: r.description,
          source: scope.source,
          firstSeen: now,
          lastSeen: now,
        })),
      )
      .onConflictDoUpdate({
        target: [iocs.type, iocs.value, iocs.tenantId],
        set: {
          lastSeen: now,
          tlp: sql`excluded.tlp`,
          description: sql`CASE WHEN excluded.description <> '' THEN excluded.description ELSE ${iocs.description} END`,
          source: sql`excluded.source`,
        },
      })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    imported += result.filter((r) => r.inserted).length;
  }
  return { imported, updated: rows.length - imported };
}

/**
 * Bulk import of IOCs from CSV or a STIX 2.1 bundle into the shared store (or
 * a tenant's). Bad rows and unusable indicators are reported, never fatal.
 */
export async function importIocs(
  db: Db,
  input: {
    actor: Actor;
    data: IocImportInput;
    tenant?: string | undefined;
    tlp?: Tlp | undefined;
    source?: string | undefined;
  },
): Promise<IocImportResult> {
  const { actor } = input;
  assertCan(actor, "incidents:write");
  const parsed =
    input.data.format === "csv" ? parseIocCsv(input.data.csv) : parseStixBundle(input.data.bundle);
  if ("error" in parsed) throw new DomainError("IOC_IMPORT_INVALID", parsed.error);
  const { iocs: rows, skipped } = normaliseIocs(parsed.candidates);
  const allSkipped = [...parsed.skipped, ...skipped];
  return auditedTransaction(db, async (tx) => {
    const tenantId = await importScope(tx, actor, input.tenant);
    const source = (input.source ?? `${input.data.format} import`).slice(0, 200);
    const counts = await insertIocBatches(tx, rows, {
      tenantId,
      defaultTlp: input.tlp ?? DEFAULT_TLP,
      source,
    });
    const result: IocImportResult = {
      received: parsed.candidates.length + parsed.skipped.length,
      ...counts,
      ignored: parsed.ignored,
      skipped: allSkipped.slice(0, MAX_SKIPPED_REPORTED),
    };
    await appendAuditRecord(tx, actor, {
      action: "iocs.imported",
      entityType: "ioc_import",
      entityId: randomUUID(),
      tenantId,
      data: { format: input.data.format, source, ...counts, skipped: allSkipped.length },
    });
    return result;
  });
}
