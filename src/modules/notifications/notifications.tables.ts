import { jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../identity/identity.tables.ts";
import { incidents } from "../incidents/incidents.tables.ts";
import { tenants } from "../tenants/tenants.tables.ts";

/** In-app notifications (SLA warnings for now); delivery by mail comes later. */
export const notifications = pgTable("notifications", {
  id: uuid("id").primaryKey().defaultRandom(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id),
  tenantId: uuid("tenant_id").references(() => tenants.id),
  incidentId: uuid("incident_id").references(() => incidents.id),
  kind: text("kind").notNull(),
  message: text("message").notNull(),
  data: jsonb("data").notNull().default({}),
  dedupeKey: text("dedupe_key").unique(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp("read_at", { withTimezone: true }),
});
