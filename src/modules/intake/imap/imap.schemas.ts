import { z } from "zod";
import { processedActions, tlsModes } from "./imap-rules.ts";
import { mailboxViewSchema } from "./mailbox-view.ts";

/** IMAP mailbox and flag names: printable, no CR/LF (they go into IMAP commands). */
const imapName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\r\n\0]+$/);

export const addMailboxBody = z
  .strictObject({
    name: z.string().trim().min(1).max(100).describe("A label for the mailbox, unique"),
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65535).optional().describe("993 for implicit TLS, else 143"),
    tlsMode: z.enum(tlsModes).default("implicit"),
    tlsVerify: z.boolean().default(true).describe("Check the server certificate"),
    username: z.string().min(1).max(320),
    password: z.string().min(1).max(1024),
    folder: imapName.default("INBOX"),
    processedAction: z.enum(processedActions).default("flag"),
    processedFlag: z
      .string()
      .regex(/^\\?[A-Za-z$][A-Za-z0-9$_.-]{0,63}$/, "an IMAP flag or keyword")
      .default("$VigilIngested"),
    processedFolder: imapName.optional().describe("Where processed messages go (move)"),
    address: z.email().max(254).describe("The team address whose mail lands in this mailbox"),
    pollIntervalSeconds: z.number().int().min(5).max(86_400).default(60),
    enabled: z.boolean().default(true),
  })
  .refine((b) => b.processedAction !== "move" || b.processedFolder, {
    message: "processedFolder is required when processedAction is move",
    path: ["processedFolder"],
  });
export type AddMailboxBody = z.infer<typeof addMailboxBody>;

export const mailboxListSchema = z.object({ mailboxes: z.array(mailboxViewSchema) });

export const mailboxIdParams = z.object({ id: z.uuid() });
