import { integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "../identity/identity.tables.ts";
import { incidents } from "../incidents/incidents.tables.ts";
import { tenants } from "../tenants/tenants.tables.ts";

/** Immutable versions of a severity engagement matrix; tenant null is the team default. */
export const severityMatrices = pgTable("severity_matrices", {
  id: uuid("id").primaryKey().defaultRandom(),
  tenantId: uuid("tenant_id").references(() => tenants.id),
  version: integer("version").notNull(),
  cells: jsonb("cells").notNull(),
  note: text("note").notNull().default(""),
  createdBy: uuid("created_by").references(() => users.id),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const triageDecisions = pgTable("triage_decisions", {
  id: uuid("id").primaryKey().defaultRandom(),
  incidentId: uuid("incident_id")
    .notNull()
    .references(() => incidents.id),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  validity: text("validity").notNull(),
  rsitClass: text("rsit_class"),
  rsitType: text("rsit_type"),
  impact: text("impact").notNull(),
  scope: text("scope").notNull(),
  matrixId: uuid("matrix_id")
    .notNull()
    .references(() => severityMatrices.id),
  matrixVersion: integer("matrix_version").notNull(),
  assetIds: uuid("asset_ids").array().notNull().default([]),
  businessImpact: text("business_impact").notNull(),
  assetCriticality: text("asset_criticality").notNull(),
  severity: text("severity").notNull(),
  priority: text("priority").notNull(),
  explanation: jsonb("explanation").notNull(),
  rationale: text("rationale").notNull().default(""),
  decidedBy: uuid("decided_by").references(() => users.id),
  decidedByLabel: text("decided_by_label").notNull(),
  decidedAt: timestamp("decided_at", { withTimezone: true }).notNull().defaultNow(),
});
