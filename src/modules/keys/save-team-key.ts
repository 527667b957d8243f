import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import type { KeyInfo } from "../../platform/pgp/pgp-keys.ts";
import { appendAuditRecord } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { findTenant } from "../tenants/find-tenant.ts";
import { type TeamKeyView, toTeamKeyView } from "./key-views.ts";
import { teamKeys } from "./keys.tables.ts";
import type { KeyPurpose } from "./keys-rules.ts";

export interface TeamKeyPlacement {
  purpose: KeyPurpose;
  /** Tenant id or slug for a tenant's own key; absent for the whole team. */
  tenant?: string | undefined;
  /** Make it the key used for `purpose`; the first key of a purpose always is. */
  primary?: boolean | undefined;
}

/**
 * Stores a team key (public part, and the secret already encrypted at rest)
 * with its audit record, in one transaction. Shared by generation and import.
 */
export async function saveTeamKey(
  db: Db,
  actor: Actor,
  key: { info: KeyInfo; armoredPublic: string; encryptedSecret: string },
  placement: TeamKeyPlacement,
  action: "team_key.generated" | "team_key.imported",
): Promise<TeamKeyView> {
  return db.transaction(async (tx) => {
    const tenant = placement.tenant ? await findTenant(tx, placement.tenant) : null;
    if (placement.tenant && !tenant) {
      throw new DomainError("TENANT_NOT_FOUND", `No tenant ${placement.tenant}.`);
    }
    const tenantId = tenant?.id ?? null;
    const [taken] = await tx
      .select({ id: teamKeys.id })
      .from(teamKeys)
      .where(eq(teamKeys.fingerprint, key.info.fingerprint));
    if (taken) throw new DomainError("KEY_EXISTS", `Team key ${key.info.fingerprint} exists.`);
    const samePlace = and(
      eq(teamKeys.purpose, placement.purpose),
      tenantId ? eq(teamKeys.tenantId, tenantId) : isNull(teamKeys.tenantId),
      eq(teamKeys.isPrimary, true),
    );
    const [currentPrimary] = await tx.select({ id: teamKeys.id }).from(teamKeys).where(samePlace);
    const primary = placement.primary === true || !currentPrimary;
    if (primary && currentPrimary) {
      await tx.update(teamKeys).set({ isPrimary: false }).where(samePlace);
    }
    const [row] = await tx
      .insert(teamKeys)
      .values({
        purpose: placement.purpose,
        tenantId,
        fingerprint: key.info.fingerprint,
        keyId: key.info.keyId,
        userIds: key.info.userIds,
        algorithm: key.info.algorithm,
        armoredPublic: key.armoredPublic,
        encryptedSecret: key.encryptedSecret,
        isPrimary: primary,
        createdAt: key.info.createdAt,
        expiresAt: key.info.expiresAt,
        revoked: key.info.revoked,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await appendAuditRecord(tx, actor, {
      action,
      entityType: "team_key",
      entityId: row.fingerprint,
      tenantId,
      data: {
        purpose: row.purpose,
        userIds: row.userIds,
        algorithm: row.algorithm,
        primary,
        expiresAt: row.expiresAt?.toISOString() ?? null,
      },
    });
    return toTeamKeyView(row);
  });
}
