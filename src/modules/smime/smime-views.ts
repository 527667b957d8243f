import { z } from "zod";
import { keyWarnings } from "../keys/keys-rules.ts";
import type { smimeIdentities, smimeTrustAnchors } from "./smime.tables.ts";

const warning = z.object({ code: z.string(), message: z.string() });

export const smimeIdentityViewSchema = z.object({
  fingerprint: z.string().describe("SHA-256 of the certificate, upper-case hex"),
  subject: z.string(),
  issuer: z.string(),
  serial: z.string(),
  emails: z.array(z.string()),
  notBefore: z.string(),
  notAfter: z.string(),
  tenantId: z.string().nullable(),
  addedAt: z.string(),
  warnings: z.array(warning),
});
export type SmimeIdentityView = z.infer<typeof smimeIdentityViewSchema>;

export const trustAnchorViewSchema = z.object({
  fingerprint: z.string(),
  subject: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  addedAt: z.string(),
  warnings: z.array(warning),
});
export type TrustAnchorView = z.infer<typeof trustAnchorViewSchema>;

/** Expired and soon-expiring certificates get the same warnings as OpenPGP keys. */
const certificateWarnings = (notAfter: Date) =>
  keyWarnings({ revoked: false, expiresAt: notAfter });

export function toSmimeIdentityView(row: typeof smimeIdentities.$inferSelect): SmimeIdentityView {
  return {
    fingerprint: row.fingerprint,
    subject: row.subject,
    issuer: row.issuer,
    serial: row.serial,
    emails: row.emails,
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    tenantId: row.tenantId,
    addedAt: row.addedAt.toISOString(),
    warnings: certificateWarnings(row.notAfter),
  };
}

export function toTrustAnchorView(row: typeof smimeTrustAnchors.$inferSelect): TrustAnchorView {
  return {
    fingerprint: row.fingerprint,
    subject: row.subject,
    notBefore: row.notBefore.toISOString(),
    notAfter: row.notAfter.toISOString(),
    addedAt: row.addedAt.toISOString(),
    warnings: certificateWarnings(row.notAfter),
  };
}
