import { z } from "zod";
import { smimeIdentityViewSchema, trustAnchorViewSchema } from "./smime-views.ts";

/** PEM uploads: a certificate with its chain, or a key, is a few kilobytes. */
export const PEM_UPLOAD_LIMIT = 256 * 1024;
const pem = z.string().min(1).max(PEM_UPLOAD_LIMIT);

export const importSmimeIdentityBody = z.strictObject({
  certificate: pem.describe("PEM certificate, optionally followed by its intermediates"),
  privateKey: pem.describe("PEM private key (PKCS#8 or PKCS#1, optionally encrypted)"),
  passphrase: z.string().max(1024).optional().describe("The key file's own passphrase"),
  tenant: z.string().max(64).optional().describe("Tenant id or slug, for a tenant's own identity"),
});

export const addTrustAnchorsBody = z.strictObject({
  certificate: pem.describe("One or more PEM CA certificates"),
});

export const smimeListSchema = z.object({
  identities: z.array(smimeIdentityViewSchema),
  trustAnchors: z.array(trustAnchorViewSchema),
});

export const addedTrustAnchorsSchema = z.object({ added: z.array(trustAnchorViewSchema) });

export const certificateFingerprintParams = z.object({
  fingerprint: z
    .string()
    .regex(/^[0-9A-Fa-f]{64}$/, "a SHA-256 certificate fingerprint")
    .transform((v) => v.toUpperCase()),
});
