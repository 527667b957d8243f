import type * as asn1js from "asn1js";
import type * as pkijs from "pkijs";
import { describeCertificate } from "./certificates.ts";

export const CMS_SIGNED_DATA = "1.2.840.113549.1.7.2";

/** The same verdicts as OpenPGP signatures: see the intake's crypto outcome. */
export type SignatureVerdict = "valid" | "invalid" | "unknown-key";

export interface SignatureCheck {
  verdict: SignatureVerdict;
  /** The signer certificate's subject and SHA-256 fingerprint, when it was found. */
  signer: { subject: string; fingerprint: string; emails: string[] } | null;
  /** Why the verdict is not `valid`. */
  reason: string | null;
}

/** The data an opaque (application/pkcs7-mime; smime-type=signed-data) message carries. */
export function signedContent(signed: pkijs.SignedData): Buffer | null {
  const content = signed.encapContentInfo.eContent;
  if (!content) return null;
  // BER may split the OCTET STRING into chunks: collect them all.
  if (content.idBlock.isConstructed) {
    return Buffer.concat(
      content.valueBlock.value.map((chunk) =>
        Buffer.from((chunk as asn1js.OctetString).valueBlock.valueHexView),
      ),
    );
  }
  return Buffer.from(content.valueBlock.valueHexView);
}

/**
 * Verifies the first signer of CMS signed-data, in two steps so the verdicts
 * mean what PGP users expect: first the signature over the content (altered
 * content → `invalid`), then the signer's chain to one of the trust anchors at
 * the current time (unknown, untrusted or expired signer → `unknown-key`).
 */
export async function verifySignedData(
  signed: pkijs.SignedData,
  detachedContent: Buffer | null,
  trustAnchors: pkijs.Certificate[],
  now: Date = new Date(),
): Promise<SignatureCheck> {
  const data = detachedContent ? new Uint8Array(detachedContent).buffer : undefined;
  const base = {
    signer: 0,
    checkDate: now,
    extendedMode: true as const,
    ...(data ? { data } : {}),
  };
  let signer: SignatureCheck["signer"] = null;
  try {
    const result = await signed.verify({ ...base, checkChain: false });
    signer = describeSigner(result.signerCertificate);
    if (!result.signatureVerified) {
      return { verdict: "invalid", signer, reason: "The signature does not match the content." };
    }
  } catch (err) {
    const error = err as pkijs.SignedDataVerifyError;
    signer = describeSigner(error.signerCertificate);
    if (error.code === 2 || error.code === 3) {
      return {
        verdict: "unknown-key",
        signer,
        reason: "The signer's certificate is not attached.",
      };
    }
    return { verdict: "invalid", signer, reason: error.message ?? String(err) };
  }
  if (trustAnchors.length === 0) {
    return { verdict: "unknown-key", signer, reason: "No S/MIME trust anchor is configured." };
  }
  try {
    await signed.verify({ ...base, checkChain: true, trustedCerts: trustAnchors });
    return { verdict: "valid", signer, reason: null };
  } catch (err) {
    return {
      verdict: "unknown-key",
      signer,
      reason: `The signer is not trusted: ${(err as Error).message}`,
    };
  }
}

function describeSigner(cert: pkijs.Certificate | null | undefined): SignatureCheck["signer"] {
  if (!cert) return null;
  const info = describeCertificate(new Uint8Array(cert.toSchema().toBER(false)));
  return { subject: info.subject, fingerprint: info.fingerprint, emails: info.emails };
}
