import { boolean, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../identity/identity.tables.ts";
import { tenants } from "../tenants/tenants.tables.ts";

export const incidents = pgTable("incidents", {
  id: uuid("id").primaryKey().defaultRandom(),
  ref: integer("ref").notNull().unique(),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  title: text("title").notNull(),
  description: text("description").notNull().default(""),
  status: text("status").notNull().default("new"),
  severity: text("severity").notNull().default("medium"),
  priority: text("priority"),
  rsitClass: text("rsit_class"),
  rsitType: text("rsit_type"),
  tlp: text("tlp").notNull().default("GREEN"),
  pap: text("pap").notNull().default("GREEN"),
  leadId: uuid("lead_id").references(() => users.id),
  restricted: boolean("restricted").notNull().default(false),
  version: integer("version").notNull().default(1),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  resolvedAt: timestamp("resolved_at", { withTimezone: true }),
  closedAt: timestamp("closed_at", { withTimezone: true }),
});

export const incidentMembers = pgTable(
  "incident_members",
  {
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.userId] })],
);
