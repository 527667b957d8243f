import { asc } from "drizzle-orm";
import type { Db } from "../../../platform/db/client.ts";
import type { Actor } from "../../identity/actor.ts";
import { intakeMailboxes } from "./imap.tables.ts";
import { assertCanReadMailboxes } from "./imap-rules.ts";
import { type MailboxView, toMailboxView } from "./mailbox-view.ts";

/** The polled mailboxes with their status: last poll, last error, backoff (team members). */
export async function listMailboxes(
  db: Db,
  input: { actor: Actor },
): Promise<{ mailboxes: MailboxView[] }> {
  assertCanReadMailboxes(input.actor);
  const rows = await db.select().from(intakeMailboxes).orderBy(asc(intakeMailboxes.name));
  return { mailboxes: rows.map(toMailboxView) };
}
