import { createPrivateKey } from "node:crypto";
import { sql } from "drizzle-orm";
import type * as pkijs from "pkijs";
import { type Db, queryRows } from "../../platform/db/client.ts";
import type { Sealer } from "../../platform/sealing/sealed-secret.ts";
import { toPkijsCertificate } from "../../platform/smime/certificates.ts";
import type { SmimeIdentityKey } from "../../platform/smime/decrypt-cms.ts";
import { isSmimeType, openSmimeLayer } from "../../platform/smime/unwrap-smime.ts";
import type { MessageCryptoProvider, OpenedEntity } from "../intake/message-crypto.ts";

/** The sealing purpose (key derivation label) of S/MIME private keys. */
export const SMIME_KEY_SEALING = "smime-private-keys";

/** How long unsealed identities and parsed anchors are reused before the tables are checked again. */
const MATERIAL_TTL_MS = 5_000;

interface Material {
  identities: (SmimeIdentityKey & { tenantId: string | null })[];
  trustAnchors: pkijs.Certificate[];
}

/**
 * S/MIME for intake, beside OpenPGP: decrypts application/pkcs7-mime
 * enveloped-data with the team's S/MIME identities (those of the message's
 * tenant and the whole team's), and verifies opaque or multipart/signed
 * signatures against the trust anchors. The signer's certificate subject goes
 * into the note; its SHA-256 fingerprint is the signer fingerprint.
 */
export function smimeCrypto(db: Db, sealer: Sealer): MessageCryptoProvider {
  let cached: { stamp: string; at: number; material: Material } | undefined;
  const material = async (): Promise<Material> => {
    if (cached && Date.now() - cached.at < MATERIAL_TTL_MS) return cached.material;
    const [state] = await queryRows<{ stamp: string }>(
      db,
      sql`SELECT (SELECT count(*) || ':' || coalesce(max(added_at)::text, '') FROM smime_identities) || '/' ||
                 (SELECT count(*) || ':' || coalesce(max(added_at)::text, '') FROM smime_trust_anchors) AS stamp`,
    );
    const stamp = state?.stamp ?? "";
    if (cached?.stamp !== stamp)
      cached = { stamp, at: 0, material: await loadMaterial(db, sealer) };
    cached.at = Date.now();
    return cached.material;
  };

  return {
    name: "smime",
    claims: (node) => isSmimeType(node.contentType, node.params),
    async open(node, context): Promise<OpenedEntity> {
      const all = await material();
      const identities = all.identities.filter(
        (i) => i.tenantId === null || i.tenantId === context.tenantId,
      );
      const layer = await openSmimeLayer(node.raw, { identities, trustAnchors: all.trustAnchors });
      const signer = layer.signer ? `S/MIME signer ${layer.signer.subject}` : null;
      const note = [signer, layer.note].filter(Boolean).join(". ");
      return {
        encrypted: layer.encrypted,
        decrypted: layer.decrypted,
        signature: layer.signature,
        signerFingerprint: layer.signer?.fingerprint ?? null,
        signerKeyId: null,
        ...(note ? { note } : {}),
        inner: layer.inner,
      };
    },
  };
}

async function loadMaterial(db: Db, sealer: Sealer): Promise<Material> {
  const identities = await queryRows<{
    certificate_pem: string;
    sealed_private_key: string;
    tenant_id: string | null;
  }>(
    db,
    sql`SELECT certificate_pem, sealed_private_key, tenant_id FROM smime_identities ORDER BY added_at DESC`,
  );
  const anchors = await queryRows<{ certificate_pem: string }>(
    db,
    sql`SELECT certificate_pem FROM smime_trust_anchors`,
  );
  return {
    identities: identities.map((row) => ({
      certificate: toPkijsCertificate(row.certificate_pem),
      privateKey: createPrivateKey({
        key: sealer.open(row.sealed_private_key),
        format: "der",
        type: "pkcs8",
      }),
      tenantId: row.tenant_id,
    })),
    trustAnchors: anchors.map((row) => toPkijsCertificate(row.certificate_pem)),
  };
}
