import { bigint, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** What the blob store holds, so the database can say what exists and what it costs. */
export const blobs = pgTable("blobs", {
  sha256: text("sha256").primaryKey(),
  size: bigint("size", { mode: "number" }).notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
