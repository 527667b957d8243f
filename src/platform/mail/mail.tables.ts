import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

export const outboundStatuses = ["queued", "no-relay", "sending", "sent", "failed"] as const;
export type OutboundStatus = (typeof outboundStatuses)[number];

/** Rendered outbound mail: the exact bytes a retry sends again, never re-rendered. */
export const outboundMessages = pgTable("outbound_messages", {
  id: uuid("id").primaryKey().defaultRandom(),
  messageId: text("message_id").notNull().unique(),
  envelopeFrom: text("envelope_from").notNull(),
  envelopeTo: text("envelope_to").array().notNull(),
  rawMime: text("raw_mime").notNull(),
  status: text("status").notNull().default("queued"),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
  sendingSince: timestamp("sending_since", { withTimezone: true }),
  relayResponse: text("relay_response"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp("sent_at", { withTimezone: true }),
});
