import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { psirtCases } from "../psirt/psirt.tables.ts";
import { tenants } from "../tenants/tenants.tables.ts";

/** Every published revision of an advisory, exactly as served: these bytes were hashed and signed. */
export const psirtAdvisories = pgTable("psirt_advisories", {
  id: uuid("id").primaryKey().defaultRandom(),
  caseId: uuid("case_id")
    .notNull()
    .references(() => psirtCases.id),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  trackingId: text("tracking_id").notNull(),
  revision: integer("revision").notNull(),
  fileName: text("file_name").notNull(),
  tlp: text("tlp").notNull(),
  csafJson: text("csaf_json").notNull(),
  sha512: text("sha512").notNull(),
  signature: text("signature").notNull(),
  signerFingerprint: text("signer_fingerprint").notNull(),
  markdown: text("markdown").notNull(),
  html: text("html").notNull(),
  publishedAt: timestamp("published_at", { withTimezone: true }).notNull().defaultNow(),
  mailedAt: timestamp("mailed_at", { withTimezone: true }),
});
export type AdvisoryRow = typeof psirtAdvisories.$inferSelect;
