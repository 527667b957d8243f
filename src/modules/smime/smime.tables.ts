import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "../tenants/tenants.tables.ts";

export const smimeIdentities = pgTable("smime_identities", {
  id: uuid("id").primaryKey().defaultRandom(),
  fingerprint: text("fingerprint").notNull().unique(),
  subject: text("subject").notNull(),
  issuer: text("issuer").notNull(),
  serial: text("serial").notNull(),
  emails: text("emails").array().notNull(),
  notBefore: timestamp("not_before", { withTimezone: true }).notNull(),
  notAfter: timestamp("not_after", { withTimezone: true }).notNull(),
  certificatePem: text("certificate_pem").notNull(),
  /** Intermediate certificates imported with it, sent along when Vigil signs. */
  chainPem: text("chain_pem").notNull().default(""),
  /** PKCS#8 DER sealed under the instance secret (platform/sealing). */
  sealedPrivateKey: text("sealed_private_key").notNull(),
  tenantId: uuid("tenant_id").references(() => tenants.id),
  addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
});

export const smimeTrustAnchors = pgTable("smime_trust_anchors", {
  id: uuid("id").primaryKey().defaultRandom(),
  fingerprint: text("fingerprint").notNull().unique(),
  subject: text("subject").notNull(),
  notBefore: timestamp("not_before", { withTimezone: true }).notNull(),
  notAfter: timestamp("not_after", { withTimezone: true }).notNull(),
  certificatePem: text("certificate_pem").notNull(),
  addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
});
