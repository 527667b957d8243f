import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { resolveConfigTenant } from "../sla/config-tenant.ts";
import { severityMatrices } from "./triage.tables.ts";
import { assertMatrixCells, type MatrixCells, type SeverityMatrix } from "./triage-rules.ts";

export interface SeverityMatrixView extends SeverityMatrix {
  note: string;
  createdAt: string;
  /** True when a tenant asked for its matrix and gets the team default. */
  inherited: boolean;
}

const view = (
  row: typeof severityMatrices.$inferSelect,
  inherited = false,
): SeverityMatrixView => ({
  id: row.id,
  tenantId: row.tenantId,
  version: row.version,
  cells: row.cells as MatrixCells,
  note: row.note,
  createdAt: row.createdAt.toISOString(),
  inherited,
});

const ownerIs = (tenantId: string | null) =>
  tenantId ? eq(severityMatrices.tenantId, tenantId) : isNull(severityMatrices.tenantId);

async function latest(db: Db, tenantId: string | null) {
  const [row] = await db
    .select()
    .from(severityMatrices)
    .where(ownerIs(tenantId))
    .orderBy(desc(severityMatrices.version))
    .limit(1);
  return row;
}

/** The matrix in force for a tenant: its newest version, else the team default's newest. */
export async function currentSeverityMatrix(
  db: Db,
  tenantId: string | null,
): Promise<SeverityMatrixView> {
  const own = tenantId ? await latest(db, tenantId) : undefined;
  if (own) return view(own);
  const team = await latest(db, null);
  if (!team) throw new Error("the team default severity matrix is missing (migration 0004)");
  return view(team, tenantId !== null);
}

export async function getSeverityMatrix(
  db: Db,
  input: { actor: Actor; tenant?: string | undefined },
): Promise<SeverityMatrixView> {
  assertCan(input.actor, "cases:read");
  return currentSeverityMatrix(db, await resolveConfigTenant(db, input.actor, input.tenant));
}

/** Every version of a tenant's (or the team default's) matrix, newest first. */
export async function listSeverityMatrixVersions(
  db: Db,
  input: { actor: Actor; tenant?: string | undefined },
): Promise<SeverityMatrixView[]> {
  assertCan(input.actor, "cases:read");
  const tenantId = await resolveConfigTenant(db, input.actor, input.tenant);
  const rows = await db
    .select()
    .from(severityMatrices)
    .where(ownerIs(tenantId))
    .orderBy(desc(severityMatrices.version));
  return rows.map((r) => view(r));
}

/**
 * Saves an edited matrix as a new immutable version (admins only); decisions
 * taken under earlier versions keep pointing at them.
 */
export async function saveSeverityMatrix(
  db: Db,
  input: { actor: Actor; tenant?: string | undefined; cells: unknown; note?: string | undefined },
): Promise<SeverityMatrixView> {
  assertCan(input.actor, "tenants:manage");
  assertMatrixCells(input.cells);
  const cells = input.cells;
  return auditedTransaction(db, async (tx) => {
    const tenantId = await resolveConfigTenant(tx, input.actor, input.tenant);
    const previous = await tx
      .select({ version: severityMatrices.version })
      .from(severityMatrices)
      .where(and(ownerIs(tenantId)))
      .orderBy(desc(severityMatrices.version))
      .limit(1)
      .for("update");
    const [row] = await tx
      .insert(severityMatrices)
      .values({
        tenantId,
        version: (previous[0]?.version ?? 0) + 1,
        cells,
        note: input.note ?? "",
        createdBy: input.actor.userId,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await appendAuditRecord(tx, input.actor, {
      action: "severity_matrix.versioned",
      entityType: "severity_matrix",
      entityId: row.id,
      tenantId,
      data: { version: row.version, cells, note: row.note },
    });
    return view(row);
  });
}
