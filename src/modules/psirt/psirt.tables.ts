import { integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../identity/identity.tables.ts";
import { reports } from "../reports/reports.tables.ts";
import { tenants } from "../tenants/tenants.tables.ts";
import type { AffectedProduct, Credit, ProductVersion } from "./psirt-types.ts";

export const psirtProducts = pgTable("psirt_products", {
  id: uuid("id").primaryKey().defaultRandom(),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  vendor: text("vendor").notNull(),
  name: text("name").notNull(),
  cpe: text("cpe"),
  purl: text("purl"),
  versions: jsonb("versions").$type<ProductVersion[]>().notNull().default([]),
  version: integer("version").notNull().default(1),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const psirtCases = pgTable("psirt_cases", {
  id: uuid("id").primaryKey().defaultRandom(),
  ref: integer("ref").notNull().unique(),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  title: text("title").notNull(),
  status: text("status").notNull().default("received"),
  reporterName: text("reporter_name"),
  reporterEmail: text("reporter_email"),
  reporterPgpFingerprint: text("reporter_pgp_fingerprint"),
  sourceReportId: uuid("source_report_id").references(() => reports.id),
  description: text("description").notNull().default(""),
  impact: text("impact").notNull().default(""),
  workaround: text("workaround").notNull().default(""),
  internalNotes: text("internal_notes").notNull().default(""),
  cweIds: text("cwe_ids").array().notNull().default([]),
  affected: jsonb("affected").$type<AffectedProduct[]>().notNull().default([]),
  fixVersions: text("fix_versions").array().notNull().default([]),
  credits: jsonb("credits").$type<Credit[]>().notNull().default([]),
  referenceUrls: text("reference_urls").array().notNull().default([]),
  cvssV31: text("cvss_v31"),
  cvssV40: text("cvss_v40"),
  tlp: text("tlp").notNull().default("AMBER"),
  embargoUntil: timestamp("embargo_until", { withTimezone: true }),
  embargoZone: text("embargo_zone"),
  remindersSent: text("reminders_sent").array().notNull().default([]),
  cveId: text("cve_id").unique(),
  cveSource: text("cve_source"),
  cveState: text("cve_state"),
  disclosedAt: timestamp("disclosed_at", { withTimezone: true }),
  version: integer("version").notNull().default(1),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type PsirtCaseRow = typeof psirtCases.$inferSelect;

export const psirtCaseParties = pgTable("psirt_case_parties", {
  id: uuid("id").primaryKey().defaultRandom(),
  caseId: uuid("case_id")
    .notNull()
    .references(() => psirtCases.id),
  kind: text("kind").notNull(),
  name: text("name").notNull(),
  email: text("email"),
  timeZone: text("time_zone").notNull().default("UTC"),
  status: text("status").notNull().default("unknown"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
export type PsirtPartyRow = typeof psirtCaseParties.$inferSelect;

export const psirtCveIds = pgTable("psirt_cve_ids", {
  cveId: text("cve_id").primaryKey(),
  source: text("source").notNull(),
  state: text("state").notNull().default("available"),
  caseId: uuid("case_id").references(() => psirtCases.id),
  addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  assignedAt: timestamp("assigned_at", { withTimezone: true }),
});

export const psirtSubscribers = pgTable("psirt_subscribers", {
  id: uuid("id").primaryKey().defaultRandom(),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  email: text("email").notNull(),
  name: text("name").notNull().default(""),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
