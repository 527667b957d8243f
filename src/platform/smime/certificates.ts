import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import * as pkijs from "pkijs";
import { DomainError } from "../errors.ts";

/** What Vigil shows and stores about an X.509 certificate. */
export interface CertificateInfo {
  /** SHA-256 of the DER certificate, upper-case hex without separators. */
  fingerprint: string;
  subject: string;
  issuer: string;
  serial: string;
  emails: string[];
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
  pem: string;
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** Every certificate in a PEM text (a chain file holds several), in order. */
export function readCertificatesPem(pem: string): CertificateInfo[] {
  const blocks = pem.match(PEM_BLOCK) ?? [];
  if (blocks.length === 0) {
    throw new DomainError("CERTIFICATE_INVALID", "No PEM certificate (BEGIN CERTIFICATE) found.");
  }
  return blocks.map((block) => {
    try {
      return describeCertificate(new X509Certificate(block));
    } catch (err) {
      throw new DomainError(
        "CERTIFICATE_INVALID",
        `Unreadable certificate: ${(err as Error).message}`,
      );
    }
  });
}

/** Fingerprint, subject and validity of a certificate, from its DER or Node object. */
export function describeCertificate(cert: X509Certificate | Uint8Array): CertificateInfo {
  const x509 = cert instanceof X509Certificate ? cert : new X509Certificate(cert);
  const emails = new Set<string>();
  for (const m of (x509.subjectAltName ?? "").matchAll(/email:([^,\s]+)/g)) {
    if (m[1]) emails.add(m[1].toLowerCase());
  }
  for (const m of x509.subject.matchAll(/emailAddress=([^\n]+)/g)) {
    if (m[1]) emails.add(m[1].trim().toLowerCase());
  }
  return {
    fingerprint: x509.fingerprint256.replaceAll(":", "").toUpperCase(),
    subject: oneLineName(x509.subject),
    issuer: oneLineName(x509.issuer),
    serial: x509.serialNumber.toUpperCase(),
    emails: [...emails],
    notBefore: new Date(x509.validFrom),
    notAfter: new Date(x509.validTo),
    isCa: x509.ca,
    pem: x509.toString().trim(),
  };
}

/** Node prints names one attribute per line; keep the RFC 4514 order people read. */
function oneLineName(name: string): string {
  return name.split("\n").filter(Boolean).join(", ");
}

/** The pkijs view of a PEM or DER certificate, for CMS processing. */
export function toPkijsCertificate(pemOrDer: string | Uint8Array): pkijs.Certificate {
  const der = typeof pemOrDer === "string" ? new X509Certificate(pemOrDer).raw : pemOrDer;
  return pkijs.Certificate.fromBER(new Uint8Array(der));
}

/**
 * Reads a PEM private key (PKCS#8 or PKCS#1, optionally passphrase-protected)
 * and checks it belongs to the certificate.
 */
export function readPrivateKeyFor(
  certificatePem: string,
  keyPem: string,
  passphrase?: string,
): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: keyPem, ...(passphrase ? { passphrase } : {}) });
  } catch (err) {
    throw new DomainError(
      "CERTIFICATE_INVALID",
      `Unreadable private key: ${(err as Error).message}`,
    );
  }
  if (!new X509Certificate(certificatePem).checkPrivateKey(key)) {
    throw new DomainError("CERTIFICATE_INVALID", "The private key does not match the certificate.");
  }
  return key;
}
