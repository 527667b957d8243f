import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { assertVersion } from "../../platform/db/versioned.ts";
import { DomainError } from "../../platform/errors.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { resolveWriteTenant } from "../tenants/resolve-write-tenant.ts";
import { diffFields } from "../timeline/timeline-events.ts";
import { type ProductView, toProductView } from "./product-view.ts";
import { psirtProducts } from "./psirt.tables.ts";
import { assertCanManagePsirt } from "./psirt-rules.ts";
import type { ProductVersion } from "./psirt-types.ts";

export interface ProductFields {
  vendor: string;
  name: string;
  cpe?: string | null | undefined;
  purl?: string | null | undefined;
  versions?: ProductVersion[] | undefined;
}

function assertDistinctVersions(versions: ProductVersion[] | undefined): void {
  const seen = new Set<string>();
  for (const v of versions ?? []) {
    if (seen.has(v.version)) {
      throw new DomainError("VALIDATION_FAILED", `Version ${v.version} is listed twice.`);
    }
    seen.add(v.version);
  }
}

/**
 * Adds a product to the catalogue (vendor, product, versions/branches, CPE and
 * purl): the product tree of CSAF advisories and the `affected` list of CVE records.
 */
export async function createProduct(
  db: Db,
  input: ProductFields & { actor: Actor; tenant?: string | undefined },
): Promise<ProductView> {
  assertCanManagePsirt(input.actor);
  assertDistinctVersions(input.versions);
  return auditedTransaction(db, async (tx) => {
    const tenantId = await resolveWriteTenant(tx, input.actor, input.tenant);
    const [taken] = await tx
      .select({ id: psirtProducts.id })
      .from(psirtProducts)
      .where(
        and(
          eq(psirtProducts.tenantId, tenantId),
          eq(psirtProducts.vendor, input.vendor),
          eq(psirtProducts.name, input.name),
        ),
      );
    if (taken) {
      throw new DomainError(
        "PRODUCT_EXISTS",
        `${input.vendor} ${input.name} is catalogued already.`,
      );
    }
    const [row] = await tx
      .insert(psirtProducts)
      .values({
        tenantId,
        vendor: input.vendor.trim(),
        name: input.name.trim(),
        cpe: input.cpe ?? null,
        purl: input.purl ?? null,
        versions: input.versions ?? [],
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await appendAuditRecord(tx, input.actor, {
      action: "psirt.product_created",
      entityType: "psirt_product",
      entityId: row.id,
      tenantId,
      data: { vendor: row.vendor, name: row.name, versions: row.versions.map((v) => v.version) },
    });
    return toProductView(row);
  });
}

/** Edits a catalogued product (e.g. a new release); requires the version read. */
export async function updateProduct(
  db: Db,
  input: {
    actor: Actor;
    id: string;
    expectedVersion: number;
    patch: Partial<ProductFields>;
  },
): Promise<ProductView> {
  assertCanManagePsirt(input.actor);
  assertDistinctVersions(input.patch.versions);
  return auditedTransaction(db, async (tx) => {
    const tenantScope = input.actor.tenantId
      ? eq(psirtProducts.tenantId, input.actor.tenantId)
      : undefined;
    const [before] = await tx
      .select()
      .from(psirtProducts)
      .where(and(eq(psirtProducts.id, input.id), tenantScope))
      .for("update");
    if (!before) throw new DomainError("PRODUCT_NOT_FOUND", `Product ${input.id} not found.`);
    assertVersion(before.version, input.expectedVersion, `Product ${before.name}`);
    const changes = diffFields(before, input.patch);
    if (Object.keys(changes).length === 0) return toProductView(before);
    const [row] = await tx
      .update(psirtProducts)
      .set({ ...input.patch, version: sql`${psirtProducts.version} + 1`, updatedAt: new Date() })
      .where(eq(psirtProducts.id, before.id))
      .returning();
    if (!row) throw new Error("update returned no row");
    await appendAuditRecord(tx, input.actor, {
      action: "psirt.product_updated",
      entityType: "psirt_product",
      entityId: row.id,
      tenantId: row.tenantId,
      data: { changes },
    });
    return toProductView(row);
  });
}
