import { z } from "zod";
import { keyAlgorithms } from "../../platform/pgp/pgp-keys.ts";
import { contactKeyViewSchema, teamKeyViewSchema } from "./key-views.ts";
import { keyPurposes } from "./keys-rules.ts";

/**
 * Armored keys can be large (many certifications, photo IDs): key routes take
 * up to this many bytes whatever VIGIL_BODY_LIMIT_BYTES says for other routes.
 */
export const KEY_UPLOAD_LIMIT_BYTES = 4 * 1024 * 1024;

const lower = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(values));
const armored = z.string().min(1).max(KEY_UPLOAD_LIMIT_BYTES);
const placement = {
  purpose: lower(keyPurposes).default("cert"),
  tenant: z.string().max(64).optional().describe("Tenant id or slug, for a tenant's own key"),
  primary: z.boolean().optional().describe("Use it for its purpose from now on"),
};

export const generateTeamKeyBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254),
  algorithm: lower(keyAlgorithms).default("curve25519"),
  expiresInDays: z.number().int().min(1).max(36_500).optional(),
  ...placement,
});

export const importTeamKeyBody = z.strictObject({
  armored,
  passphrase: z.string().max(1024).optional().describe("The exported key's own passphrase"),
  ...placement,
});

export const importContactKeysBody = z.strictObject({
  armored,
  source: z.string().trim().min(1).max(40).default("upload"),
});

export const keyListSchema = z.object({
  team: z.array(teamKeyViewSchema),
  contacts: z.array(contactKeyViewSchema),
});

export const importedContactKeysSchema = z.object({
  imported: z.array(contactKeyViewSchema),
  updated: z.array(contactKeyViewSchema),
});

export const fingerprintParams = z.object({
  fingerprint: z.string().regex(/^[0-9A-Fa-f]{40}([0-9A-Fa-f]{24})?$/, "a key fingerprint"),
});
