import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import type { Sealer } from "../../platform/sealing/sealed-secret.ts";
import { readCertificatesPem, readPrivateKeyFor } from "../../platform/smime/certificates.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { assertCanManageTeamKeys } from "../keys/keys-rules.ts";
import { findTenant } from "../tenants/find-tenant.ts";
import { smimeIdentities } from "./smime.tables.ts";
import { type SmimeIdentityView, toSmimeIdentityView } from "./smime-views.ts";

export interface ImportSmimeIdentityInput {
  actor: Actor;
  /** The team's certificate, optionally followed by its intermediates. */
  certificate: string;
  privateKey: string;
  passphrase?: string | undefined;
  tenant?: string | undefined;
  sealer: Sealer;
}

/**
 * Imports the team's S/MIME certificate and private key (`vigil smime import`).
 * The key must match the certificate; it is stored as PKCS#8 sealed under the
 * instance secret. Admin only, like team OpenPGP keys.
 */
export async function importSmimeIdentity(
  db: Db,
  input: ImportSmimeIdentityInput,
): Promise<SmimeIdentityView> {
  assertCanManageTeamKeys(input.actor);
  const [leaf, ...chain] = readCertificatesPem(input.certificate);
  if (!leaf) throw new DomainError("CERTIFICATE_INVALID", "No certificate.");
  const key = readPrivateKeyFor(leaf.pem, input.privateKey, input.passphrase);
  const sealed = input.sealer.seal(key.export({ type: "pkcs8", format: "der" }));
  return auditedTransaction(db, async (tx) => {
    const tenant = input.tenant ? await findTenant(tx, input.tenant) : null;
    if (input.tenant && !tenant)
      throw new DomainError("TENANT_NOT_FOUND", `No tenant ${input.tenant}.`);
    const [taken] = await tx
      .select({ id: smimeIdentities.id })
      .from(smimeIdentities)
      .where(eq(smimeIdentities.fingerprint, leaf.fingerprint));
    if (taken)
      throw new DomainError("CERTIFICATE_EXISTS", `S/MIME identity ${leaf.fingerprint} exists.`);
    const [row] = await tx
      .insert(smimeIdentities)
      .values({
        fingerprint: leaf.fingerprint,
        subject: leaf.subject,
        issuer: leaf.issuer,
        serial: leaf.serial,
        emails: leaf.emails,
        notBefore: leaf.notBefore,
        notAfter: leaf.notAfter,
        certificatePem: leaf.pem,
        chainPem: chain.map((c) => c.pem).join("\n"),
        sealedPrivateKey: sealed,
        tenantId: tenant?.id ?? null,
      })
      .returning();
    if (!row) throw new Error("insert returned no row");
    await appendAuditRecord(tx, input.actor, {
      action: "smime_identity.imported",
      entityType: "smime_identity",
      entityId: row.fingerprint,
      tenantId: row.tenantId,
      data: { subject: row.subject, emails: row.emails, notAfter: row.notAfter.toISOString() },
    });
    return toSmimeIdentityView(row);
  });
}
