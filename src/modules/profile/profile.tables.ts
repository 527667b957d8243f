import { date, integer, jsonb, pgTable, smallint, text, timestamp } from "drizzle-orm/pg-core";

/** The current team profile: a single row (id 1). */
export const teamProfile = pgTable("team_profile", {
  id: smallint("id").primaryKey().default(1),
  revision: integer("revision").notNull(),
  documentVersion: text("document_version").notNull(),
  lastUpdated: date("last_updated", { mode: "string" }).notNull(),
  data: jsonb("data").notNull(),
  securityTxtExpiresAt: timestamp("security_txt_expires_at", { withTimezone: true }).notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text("updated_by").notNull(),
});

/** Immutable history: one row per revision (a trigger refuses UPDATE and DELETE). */
export const teamProfileVersions = pgTable("team_profile_versions", {
  revision: integer("revision").primaryKey(),
  documentVersion: text("document_version").notNull(),
  lastUpdated: date("last_updated", { mode: "string" }).notNull(),
  data: jsonb("data").notNull(),
  source: text("source").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  createdBy: text("created_by").notNull(),
});
