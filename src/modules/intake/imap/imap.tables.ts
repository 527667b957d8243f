import {
  bigint,
  boolean,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";

export const intakeMailboxes = pgTable("intake_mailboxes", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  host: text("host").notNull(),
  port: integer("port").notNull(),
  tlsMode: text("tls_mode").notNull(),
  tlsVerify: boolean("tls_verify").notNull().default(true),
  username: text("username").notNull(),
  /** AES-256-GCM under the instance secret (platform/sealing). */
  sealedPassword: text("sealed_password").notNull(),
  folder: text("folder").notNull().default("INBOX"),
  processedAction: text("processed_action").notNull(),
  processedFlag: text("processed_flag").notNull().default("$VigilIngested"),
  processedFolder: text("processed_folder"),
  address: text("address").notNull(),
  pollIntervalSeconds: integer("poll_interval_seconds").notNull().default(60),
  enabled: boolean("enabled").notNull().default(true),
  uidValidity: bigint("uid_validity", { mode: "number" }),
  lastUid: bigint("last_uid", { mode: "number" }).notNull().default(0),
  messagesIngested: bigint("messages_ingested", { mode: "number" }).notNull().default(0),
  lastPollAt: timestamp("last_poll_at", { withTimezone: true }),
  lastSuccessAt: timestamp("last_success_at", { withTimezone: true }),
  lastError: text("last_error"),
  lastErrorAt: timestamp("last_error_at", { withTimezone: true }),
  consecutiveFailures: integer("consecutive_failures").notNull().default(0),
  nextPollAt: timestamp("next_poll_at", { withTimezone: true }).notNull().defaultNow(),
  leaseOwner: text("lease_owner"),
  leaseUntil: timestamp("lease_until", { withTimezone: true }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

/** The (UIDVALIDITY, UID) ledger: what was ingested, and whether it was flagged or moved since. */
export const intakeMailboxMessages = pgTable(
  "intake_mailbox_messages",
  {
    mailboxId: uuid("mailbox_id")
      .notNull()
      .references(() => intakeMailboxes.id, { onDelete: "cascade" }),
    uidValidity: bigint("uid_validity", { mode: "number" }).notNull(),
    uid: bigint("uid", { mode: "number" }).notNull(),
    messageId: text("message_id").notNull(),
    status: text("status").notNull(),
    ingestedAt: timestamp("ingested_at", { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.mailboxId, t.uidValidity, t.uid] })],
);
