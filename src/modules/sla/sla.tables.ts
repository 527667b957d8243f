import {
  date,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import { users } from "../identity/identity.tables.ts";
import { incidents } from "../incidents/incidents.tables.ts";
import { tenants } from "../tenants/tenants.tables.ts";

/** Targets in business minutes per severity; tenant null is the team default. */
export const slaPolicies = pgTable("sla_policies", {
  tenantId: uuid("tenant_id").references(() => tenants.id),
  severity: text("severity").notNull(),
  acknowledgeMinutes: integer("acknowledge_minutes").notNull(),
  triageMinutes: integer("triage_minutes").notNull(),
  containMinutes: integer("contain_minutes").notNull(),
  resolveMinutes: integer("resolve_minutes").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const slaCalendars = pgTable("sla_calendars", {
  tenantId: uuid("tenant_id").references(() => tenants.id),
  timeZone: text("time_zone").notNull().default("Europe/Paris"),
  weeklyHours: jsonb("weekly_hours").notNull(),
  holidays: date("holidays", { mode: "string" }).array().notNull().default([]),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const incidentMilestones = pgTable(
  "incident_milestones",
  {
    incidentId: uuid("incident_id")
      .notNull()
      .references(() => incidents.id),
    kind: text("kind").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid("actor_id").references(() => users.id),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.kind] })],
);

export const slaPauses = pgTable("sla_pauses", {
  id: uuid("id").primaryKey().defaultRandom(),
  incidentId: uuid("incident_id")
    .notNull()
    .references(() => incidents.id),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  endedAt: timestamp("ended_at", { withTimezone: true }),
  reason: text("reason").notNull().default(""),
});
