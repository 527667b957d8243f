import { z } from "zod";
import type { contactKeys, teamKeys } from "./keys.tables.ts";
import { keyPurposes, keyWarnings } from "./keys-rules.ts";

const warningSchema = z.object({
  code: z.enum(["revoked", "expired", "expiring-soon"]),
  message: z.string(),
});

const keyFields = {
  id: z.uuid(),
  fingerprint: z.string(),
  keyId: z.string(),
  userIds: z.array(z.string()),
  algorithm: z.string(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  revoked: z.boolean(),
  warnings: z.array(warningSchema),
};

export const teamKeyViewSchema = z.object({
  ...keyFields,
  purpose: z.enum(keyPurposes),
  tenantId: z.uuid().nullable(),
  primary: z.boolean(),
  publicKeyUrl: z.string().describe("Public, e.g. for security.txt's Encryption field"),
});
export type TeamKeyView = z.infer<typeof teamKeyViewSchema>;

export const contactKeyViewSchema = z.object({
  ...keyFields,
  emails: z.array(z.string()),
  source: z.string(),
  addedAt: z.iso.datetime(),
});
export type ContactKeyView = z.infer<typeof contactKeyViewSchema>;

type KeyRow = {
  id: string;
  fingerprint: string;
  keyId: string;
  userIds: string[];
  algorithm: string;
  createdAt: Date;
  expiresAt: Date | null;
  revoked: boolean;
};

function commonView(row: KeyRow, now: Date): z.infer<z.ZodObject<typeof keyFields>> {
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    keyId: row.keyId,
    userIds: row.userIds,
    algorithm: row.algorithm,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revoked: row.revoked,
    warnings: keyWarnings(row, now),
  };
}

/** The public path of a team key: stable, so security.txt can link it. */
export const teamKeyPath = (fingerprint: string) => `/api/keys/team/${fingerprint}.asc`;

/** A team key as shown: never its secret. */
export function toTeamKeyView(row: typeof teamKeys.$inferSelect, now = new Date()): TeamKeyView {
  return {
    ...commonView(row, now),
    purpose: row.purpose as TeamKeyView["purpose"],
    tenantId: row.tenantId,
    primary: row.isPrimary,
    publicKeyUrl: teamKeyPath(row.fingerprint),
  };
}

export function toContactKeyView(
  row: typeof contactKeys.$inferSelect,
  now = new Date(),
): ContactKeyView {
  return {
    ...commonView(row, now),
    emails: row.emails,
    source: row.source,
    addedAt: row.addedAt.toISOString(),
  };
}
