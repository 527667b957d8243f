import { boolean, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "../tenants/tenants.tables.ts";

export const teamKeys = pgTable("team_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  purpose: text("purpose").notNull(),
  tenantId: uuid("tenant_id").references(() => tenants.id),
  fingerprint: text("fingerprint").notNull().unique(),
  keyId: text("key_id").notNull(),
  userIds: text("user_ids").array().notNull(),
  algorithm: text("algorithm").notNull(),
  armoredPublic: text("armored_public").notNull(),
  /** Encrypted with the passphrase derived from the instance secret. */
  encryptedSecret: text("encrypted_secret").notNull(),
  isPrimary: boolean("is_primary").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  revoked: boolean("revoked").notNull().default(false),
  addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
});

export const contactKeys = pgTable("contact_keys", {
  id: uuid("id").primaryKey().defaultRandom(),
  fingerprint: text("fingerprint").notNull().unique(),
  keyId: text("key_id").notNull(),
  emails: text("emails").array().notNull(),
  userIds: text("user_ids").array().notNull(),
  algorithm: text("algorithm").notNull(),
  armoredPublic: text("armored_public").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  revoked: boolean("revoked").notNull().default(false),
  source: text("source").notNull(),
  addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
