import {
  type AnyPgColumn,
  boolean,
  integer,
  pgTable,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../identity/identity.tables.ts";
import { incidents } from "../incidents/incidents.tables.ts";
import { tenants } from "../tenants/tenants.tables.ts";

export const reports = pgTable("reports", {
  id: uuid("id").primaryKey().defaultRandom(),
  ref: integer("ref").notNull().unique(),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  channel: text("channel").notNull(),
  reporterName: text("reporter_name"),
  reporterEmail: text("reporter_email"),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  subject: text("subject").notNull(),
  summary: text("summary").notNull().default(""),
  sourceRef: text("source_ref"),
  tlp: text("tlp").notNull().default("GREEN"),
  pap: text("pap").notNull().default("GREEN"),
  urgent: boolean("urgent").notNull().default(false),
  status: text("status").notNull().default("open"),
  incidentId: uuid("incident_id").references(() => incidents.id),
  mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => reports.id),
  version: integer("version").notNull().default(1),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
