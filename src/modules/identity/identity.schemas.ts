import { z } from "zod";
import { roles, scopes } from "./actor.ts";
import { MAX_PASSWORD_LENGTH } from "./secrets.ts";
import { userViewSchema } from "./user-view.ts";

const role = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
  z.enum(roles),
);

export const loginBody = z.strictObject({
  email: z.string().trim().min(3).max(254),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

export const sessionSchema = z.object({
  user: userViewSchema,
  csrfToken: z.string(),
  expiresAt: z.iso.datetime(),
});

export const meSchema = z.object({
  user: userViewSchema.nullable(),
  actor: z.string(),
  role: z.enum(roles),
  tenantId: z.uuid().nullable(),
  scopes: z.array(z.enum(scopes)).nullable(),
  csrfToken: z.string().nullable(),
});

export const passwordBody = z.strictObject({
  current: z.string().min(1).max(MAX_PASSWORD_LENGTH),
  next: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});

export const createUserBody = z.strictObject({
  email: z.email().max(254),
  role,
  tenant: z.string().max(64).optional(),
  displayName: z.string().max(200).optional(),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH).optional(),
});

export const createdUserSchema = z.object({
  user: userViewSchema,
  generatedPassword: z.string().nullable().describe("Shown once when no password was given"),
});

export const updateUserBody = z.strictObject({
  role: role.optional(),
  tenant: z.string().max(64).nullable().optional(),
  displayName: z.string().max(200).optional(),
  disabled: z.boolean().optional(),
});

export const userIdParams = z.object({ id: z.uuid() });

export const createTokenBody = z
  .strictObject({
    email: z.email().max(254).optional().describe("Owner; defaults to the caller"),
    userId: z.uuid().optional(),
    name: z.string().min(1).max(100).optional(),
    scopes: z.array(z.enum(scopes)).min(1).max(scopes.length).optional(),
    expiresInDays: z.number().int().min(1).max(3650).optional(),
  })
  // Every field is optional, so a bare POST (no body) creates a token for the caller.
  .nullable();

export const createdTokenSchema = z.object({
  id: z.uuid(),
  token: z.string().describe("Shown once; store it now"),
  userId: z.uuid(),
  email: z.string(),
  scopes: z.array(z.enum(scopes)),
  expiresAt: z.iso.datetime().nullable(),
});
