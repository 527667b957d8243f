import { sql } from "drizzle-orm";
import {
  boolean,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { blobs } from "../../platform/blobs/blobs.tables.ts";
import { outboundMessages } from "../../platform/mail/mail.tables.ts";
import { contacts } from "../contacts/contacts.tables.ts";
import { incidents } from "../incidents/incidents.tables.ts";
import { reports } from "../reports/reports.tables.ts";
import { tenants } from "../tenants/tenants.tables.ts";

export const intakeAddresses = pgTable("intake_addresses", {
  id: uuid("id").primaryKey().defaultRandom(),
  address: text("address").notNull().unique(),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  purpose: text("purpose").notNull().default("cert"),
  language: text("language").notNull().default("en"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const inboundMessages = pgTable("inbound_messages", {
  id: uuid("id").primaryKey().defaultRandom(),
  tenantId: uuid("tenant_id")
    .notNull()
    .references(() => tenants.id),
  purpose: text("purpose").notNull(),
  intakeAddress: text("intake_address"),
  sourceKind: text("source_kind").notNull(),
  sourceMailbox: text("source_mailbox"),
  remoteAddress: text("remote_address"),
  envelopeFrom: text("envelope_from").notNull().default(""),
  envelopeTo: text("envelope_to").array().notNull().default(sql`'{}'`),
  messageId: text("message_id").notNull().default(""),
  rawSha256: text("raw_sha256")
    .notNull()
    .references(() => blobs.sha256),
  rawSize: integer("raw_size").notNull(),
  receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  status: text("status").notNull().default("received"),
  quarantineReason: text("quarantine_reason"),
  processedAt: timestamp("processed_at", { withTimezone: true }),
  reportId: uuid("report_id").references(() => reports.id),
  incidentId: uuid("incident_id").references(() => incidents.id),
  threadedBy: text("threaded_by"),
  contactId: uuid("contact_id").references(() => contacts.id),
  fromAddress: text("from_address"),
  fromName: text("from_name"),
  subject: text("subject").notNull().default(""),
  sentAt: timestamp("sent_at", { withTimezone: true }),
  inReplyTo: text("in_reply_to"),
  referenceIds: text("reference_ids").array().notNull().default(sql`'{}'`),
  bodyText: text("body_text").notNull().default(""),
  bodyHtmlRaw: text("body_html_raw"),
  bodyHtml: text("body_html"),
  language: text("language"),
  urgent: boolean("urgent").notNull().default(false),
  tlp: text("tlp"),
  pap: text("pap"),
  encrypted: boolean("encrypted").notNull().default(false),
  decrypted: boolean("decrypted"),
  signature: text("signature").notNull().default("none"),
  signerFingerprint: text("signer_fingerprint"),
  signerKeyId: text("signer_key_id"),
  cryptoNotes: text("crypto_notes").array().notNull().default(sql`'{}'`),
  ackStatus: text("ack_status"),
  ackNote: text("ack_note"),
  ackOutboundId: uuid("ack_outbound_id").references(() => outboundMessages.id),
});

export const inboundAttachments = pgTable(
  "inbound_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    inboundMessageId: uuid("inbound_message_id")
      .notNull()
      .references(() => inboundMessages.id),
    position: integer("position").notNull(),
    filename: text("filename"),
    contentType: text("content_type").notNull(),
    sha256: text("sha256")
      .notNull()
      .references(() => blobs.sha256),
    size: integer("size").notNull(),
    forwardedHeaders: jsonb("forwarded_headers"),
  },
  (t) => [unique().on(t.inboundMessageId, t.position)],
);

export const intakeAckTemplates = pgTable("intake_ack_templates", {
  id: uuid("id").primaryKey().defaultRandom(),
  tenantId: uuid("tenant_id").references(() => tenants.id),
  language: text("language").notNull(),
  subject: text("subject").notNull(),
  body: text("body").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
