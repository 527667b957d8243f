import { bigint, inet, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { tenants } from "../tenants/tenants.tables.ts";

/** Indicators of compromise; `tenantId` null means shared by the whole team. */
export const iocs = pgTable(
  "iocs",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: uuid("tenant_id").references(() => tenants.id),
    type: text("type").notNull(),
    value: text("value").notNull(),
    addr: inet("addr"),
    tlp: text("tlp").notNull().default("GREEN"),
    description: text("description").notNull().default(""),
    source: text("source").notNull().default(""),
    firstSeen: timestamp("first_seen", { withTimezone: true }).notNull().defaultNow(),
    lastSeen: timestamp("last_seen", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("iocs_value_per_scope").on(t.type, t.value, t.tenantId).nullsNotDistinct()],
);
