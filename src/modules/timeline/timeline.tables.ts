import { bigint, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const timelineEvents = pgTable("timeline_events", {
  id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
  tenantId: uuid("tenant_id").notNull(),
  incidentId: uuid("incident_id"),
  reportId: uuid("report_id"),
  psirtCaseId: uuid("psirt_case_id"),
  type: text("type").notNull(),
  actorId: uuid("actor_id"),
  actorLabel: text("actor_label").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  data: jsonb("data").notNull(),
});
