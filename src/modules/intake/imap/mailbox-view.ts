import { z } from "zod";
import type { intakeMailboxes } from "./imap.tables.ts";

export const mailboxViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  host: z.string(),
  port: z.number(),
  tlsMode: z.string(),
  tlsVerify: z.boolean(),
  username: z.string(),
  folder: z.string(),
  processedAction: z.string(),
  processedFlag: z.string(),
  processedFolder: z.string().nullable(),
  address: z.string(),
  pollIntervalSeconds: z.number(),
  enabled: z.boolean(),
  status: z.object({
    state: z.enum(["ok", "failing", "never-polled", "disabled"]),
    uidValidity: z.number().nullable(),
    lastUid: z.number(),
    messagesIngested: z.number(),
    lastPollAt: z.string().nullable(),
    lastSuccessAt: z.string().nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: z.string().nullable(),
    consecutiveFailures: z.number(),
    nextPollAt: z.string(),
  }),
  createdAt: z.string(),
});
export type MailboxView = z.infer<typeof mailboxViewSchema>;

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** A mailbox as the API shows it: never the password, sealed or not. */
export function toMailboxView(row: typeof intakeMailboxes.$inferSelect): MailboxView {
  const state = !row.enabled
    ? "disabled"
    : row.consecutiveFailures > 0
      ? "failing"
      : row.lastSuccessAt
        ? "ok"
        : "never-polled";
  return {
    id: row.id,
    name: row.name,
    host: row.host,
    port: row.port,
    tlsMode: row.tlsMode,
    tlsVerify: row.tlsVerify,
    username: row.username,
    folder: row.folder,
    processedAction: row.processedAction,
    processedFlag: row.processedFlag,
    processedFolder: row.processedFolder,
    address: row.address,
    pollIntervalSeconds: row.pollIntervalSeconds,
    enabled: row.enabled,
    status: {
      state,
      uidValidity: row.uidValidity,
      lastUid: row.lastUid,
      messagesIngested: row.messagesIngested,
      lastPollAt: iso(row.lastPollAt),
      lastSuccessAt: iso(row.lastSuccessAt),
      lastError: row.lastError,
      lastErrorAt: iso(row.lastErrorAt),
      consecutiveFailures: row.consecutiveFailures,
      nextPollAt: row.nextPollAt.toISOString(),
    },
    createdAt: row.createdAt.toISOString(),
  };
}
