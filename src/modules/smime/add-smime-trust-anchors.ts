import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { readCertificatesPem } from "../../platform/smime/certificates.ts";
import { appendAuditRecord, auditedTransaction } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { assertCanManageTeamKeys } from "../keys/keys-rules.ts";
import { smimeTrustAnchors } from "./smime.tables.ts";
import { type TrustAnchorView, toTrustAnchorView } from "./smime-views.ts";

/**
 * Adds CA certificates that S/MIME signers must chain to (`vigil smime trust`).
 * Only CA certificates are accepted; one already present is skipped. Admin only:
 * a trust anchor decides which signatures handlers see as valid.
 */
export async function addSmimeTrustAnchors(
  db: Db,
  input: { actor: Actor; certificate: string },
): Promise<{ added: TrustAnchorView[] }> {
  assertCanManageTeamKeys(input.actor);
  const certificates = readCertificatesPem(input.certificate);
  const notCa = certificates.find((c) => !c.isCa);
  if (notCa) {
    throw new DomainError(
      "CERTIFICATE_INVALID",
      `${notCa.subject} is not a CA certificate (basicConstraints CA:TRUE); trust its issuer instead.`,
    );
  }
  return auditedTransaction(db, async (tx) => {
    const added: TrustAnchorView[] = [];
    for (const cert of certificates) {
      const [present] = await tx
        .select({ id: smimeTrustAnchors.id })
        .from(smimeTrustAnchors)
        .where(eq(smimeTrustAnchors.fingerprint, cert.fingerprint));
      if (present) continue;
      const [row] = await tx
        .insert(smimeTrustAnchors)
        .values({
          fingerprint: cert.fingerprint,
          subject: cert.subject,
          notBefore: cert.notBefore,
          notAfter: cert.notAfter,
          certificatePem: cert.pem,
        })
        .returning();
      if (!row) throw new Error("insert returned no row");
      await appendAuditRecord(tx, input.actor, {
        action: "smime_trust_anchor.added",
        entityType: "smime_trust_anchor",
        entityId: row.fingerprint,
        tenantId: null,
        data: { subject: row.subject, notAfter: row.notAfter.toISOString() },
      });
      added.push(toTrustAnchorView(row));
    }
    return { added };
  });
}
