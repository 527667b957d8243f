import { bigint, boolean, inet, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../identity/identity.tables.ts";
import { incidents } from "../incidents/incidents.tables.ts";
import { reports } from "../reports/reports.tables.ts";
import { tenants } from "../tenants/tenants.tables.ts";

/** An observable on one case (a report or an incident), with its TLP and false-positive flag. */
export const observables = pgTable("observables", {
  id: uuid("id").primaryKey().defaultRandom(),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  reportId: uuid("report_id").references(() => reports.id, { onDelete: "cascade" }),
  incidentId: uuid("incident_id").references(() => incidents.id, { onDelete: "cascade" }),
  type: text("type").notNull(),
  value: text("value").notNull(),
  addr: inet("addr"),
  tlp: text("tlp").notNull().default("GREEN"),
  falsePositive: boolean("false_positive").notNull().default(false),
  source: text("source").notNull(),
  firstSeen: timestamp("first_seen", { withTimezone: true }).notNull().defaultNow(),
  lastSeen: timestamp("last_seen", { withTimezone: true }).notNull().defaultNow(),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/** One more time an observable was seen on its case. */
export const observableSightings = pgTable("observable_sightings", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  observableId: uuid("observable_id")
    .notNull()
    .references(() => observables.id, { onDelete: "cascade" }),
  seenAt: timestamp("seen_at", { withTimezone: true }).notNull().defaultNow(),
  origin: text("origin").notNull(),
  actorLabel: text("actor_label").notNull(),
});
