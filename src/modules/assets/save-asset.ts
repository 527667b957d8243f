import { eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { assertVersion } from "../../platform/db/versioned.ts";
import { DomainError } from "../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { resolveWriteTenant } from "../tenants/resolve-write-tenant.ts";
import { diffFields } from "../timeline/timeline-events.ts";
import type { Level } from "../triage/triage-rules.ts";
import { type AssetView, type assetKinds, toAssetView } from "./asset-view.ts";
import { assets } from "./assets.tables.ts";
import { loadVisibleAsset } from "./load-visible-asset.ts";

export interface AssetFields {
  name: string;
  kind: (typeof assetKinds)[number];
  identifiers?: string[] | undefined;
  owner?: string | undefined;
  criticality: Level;
}

const isUniqueViolation = (err: unknown): boolean => {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === "23505" || e?.cause?.code === "23505";
};

const normaliseIdentifiers = (ids: string[] | undefined) =>
  [...new Set((ids ?? []).map((i) => i.trim().toLowerCase()).filter(Boolean))].sort();

async function nameTaken<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (isUniqueViolation(err)) {
      throw new DomainError("ASSET_NAME_TAKEN", `This tenant already has an asset named ${name}.`);
    }
    throw err;
  }
}

/** Adds an asset to a tenant's inventory (criticality feeds the triage priority). */
export async function createAsset(
  db: Db,
  input: { actor: Actor; tenant?: string | undefined; fields: AssetFields },
): Promise<AssetView> {
  assertCan(input.actor, "incidents:write");
  const f = input.fields;
  return nameTaken(f.name, () =>
    auditedTransaction(db, async (tx) => {
      const tenantId = await resolveWriteTenant(tx, input.actor, input.tenant);
      const [row] = await tx
        .insert(assets)
        .values({
          tenantId,
          name: f.name.trim(),
          kind: f.kind,
          identifiers: normaliseIdentifiers(f.identifiers),
          owner: f.owner ?? "",
          criticality: f.criticality,
        })
        .returning();
      if (!row) throw new Error("insert returned no row");
      await appendAuditRecord(tx, input.actor, {
        action: "asset.created",
        entityType: "asset",
        entityId: row.id,
        tenantId,
        data: toAssetView(row),
      });
      return toAssetView(row);
    }),
  );
}

/** Edits an asset under optimistic concurrency. */
export async function updateAsset(
  db: Db,
  input: { actor: Actor; id: string; expectedVersion: number; patch: Partial<AssetFields> },
): Promise<AssetView> {
  assertCan(input.actor, "incidents:write");
  const p = input.patch;
  return nameTaken(p.name ?? "", () =>
    auditedTransaction(db, async (tx) => {
      const before = await loadVisibleAsset(tx, input.actor, input.id, { forUpdate: true });
      assertVersion(before.version, input.expectedVersion, `Asset ${before.name}`);
      const next = {
        name: p.name?.trim(),
        kind: p.kind,
        identifiers: p.identifiers === undefined ? undefined : normaliseIdentifiers(p.identifiers),
        owner: p.owner,
        criticality: p.criticality,
      };
      const changes = diffFields(before, next);
      if (Object.keys(changes).length === 0) return toAssetView(before);
      const [row] = await tx
        .update(assets)
        .set({ ...next, version: sql`${assets.version} + 1`, updatedAt: new Date() })
        .where(eq(assets.id, before.id))
        .returning();
      if (!row) throw new Error("update returned no row");
      await appendAuditRecord(tx, input.actor, {
        action: "asset.updated",
        entityType: "asset",
        entityId: row.id,
        tenantId: row.tenantId,
        data: { changes },
      });
      return toAssetView(row);
    }),
  );
}

/** Removes an asset; past triage decisions keep its id and their recorded criticality. */
export async function deleteAsset(db: Db, input: { actor: Actor; id: string }): Promise<AssetView> {
  assertCan(input.actor, "incidents:write");
  return auditedTransaction(db, async (tx) => {
    const before = await loadVisibleAsset(tx, input.actor, input.id, { forUpdate: true });
    await tx.delete(assets).where(eq(assets.id, before.id));
    await appendAuditRecord(tx, input.actor, {
      action: "asset.deleted",
      entityType: "asset",
      entityId: before.id,
      tenantId: before.tenantId,
      data: toAssetView(before),
    });
    return toAssetView(before);
  });
}
