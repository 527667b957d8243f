import { and, eq, sql } from "drizzle-orm";
import { ImapFlow, type SearchObject } from "imapflow";
import type { Db } from "../../../platform/db/client.ts";
import type { Sealer } from "../../../platform/sealing/sealed-secret.ts";
import type { IngestInput, IngestResult } from "../ingest-raw-message.ts";
import { intakeMailboxes, intakeMailboxMessages } from "./imap.tables.ts";
import { envelopeSender } from "./imap-rules.ts";

/** Ingests one message durably; resolves only once it is committed (ingestRawMessage). */
export type IngestMessage = (input: IngestInput) => Promise<IngestResult>;

export interface PollDeps {
  db: Db;
  /** Opens the sealed mailbox passwords. */
  sealer: Sealer;
  ingest: IngestMessage;
  /**
   * Called after each step of a message; tests throw from it to stop the poller
   * the way a crash would (no flag, no logout) between ingest and flag.
   */
  checkpoint?: ((step: "ingested" | "recorded", uid: number) => Promise<void> | void) | undefined;
}

export interface PollResult {
  ingested: number;
  duplicates: number;
  processed: number;
}

/** Messages taken per poll, so one large backlog cannot hold a lease for long. */
export const POLL_BATCH = 200;
const TIMEOUT_MS = 30_000;

type MailboxRow = typeof intakeMailboxes.$inferSelect;

/**
 * One poll of one mailbox. Each message not yet flagged (or still in the
 * folder, when processed messages are moved) is ingested; it is flagged or
 * moved only after ingestRawMessage resolved, i.e. after the commit. The
 * (UIDVALIDITY, UID) ledger remembers what was ingested, so a poller stopped
 * between ingest and flag only flags the message next time; a stop between the
 * commit and the ledger write re-ingests it, which intake recognises as a
 * duplicate (same Message-ID and bytes). A changed UIDVALIDITY starts a new ledger.
 */
export async function pollMailbox(deps: PollDeps, mailboxId: string): Promise<PollResult> {
  const [mailbox] = await deps.db
    .select()
    .from(intakeMailboxes)
    .where(eq(intakeMailboxes.id, mailboxId));
  if (!mailbox) return { ingested: 0, duplicates: 0, processed: 0 };
  const client = connect(mailbox, deps.sealer.open(mailbox.sealedPassword).toString("utf8"));
  let failure: unknown = null;
  // A dropped connection is reported by the command that was waiting on it.
  client.on("error", (err: unknown) => {
    failure ??= err;
  });
  await client.connect();
  let completed = false;
  try {
    if (mailbox.processedAction === "move" && mailbox.processedFolder) {
      await ensureFolder(client, mailbox.processedFolder);
    }
    const result = await pollOpenMailbox(deps, client, mailbox);
    completed = true;
    return result;
  } finally {
    // After a failure the connection is dropped, as a crash would drop it.
    if (completed && !failure) await client.logout().catch(() => client.close());
    else client.close();
  }
}

function connect(mailbox: MailboxRow, password: string): ImapFlow {
  return new ImapFlow({
    host: mailbox.host,
    port: mailbox.port,
    secure: mailbox.tlsMode === "implicit",
    // STARTTLS mode refuses a server that does not offer it: the password never goes in clear.
    doSTARTTLS:
      mailbox.tlsMode === "starttls" ? true : mailbox.tlsMode === "none" ? false : undefined,
    tls: { rejectUnauthorized: mailbox.tlsVerify },
    auth: { user: mailbox.username, pass: password },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS * 4,
  });
}

async function ensureFolder(client: ImapFlow, folder: string): Promise<void> {
  const existing = await client.list();
  if (!existing.some((m) => m.path === folder)) await client.mailboxCreate(folder);
}

async function pollOpenMailbox(
  deps: PollDeps,
  client: ImapFlow,
  mailbox: MailboxRow,
): Promise<PollResult> {
  const lock = await client.getMailboxLock(mailbox.folder);
  const result: PollResult = { ingested: 0, duplicates: 0, processed: 0 };
  try {
    const opened = client.mailbox;
    if (!opened) throw new Error(`Cannot open ${mailbox.folder}`);
    const uidValidity = Number(opened.uidValidity);
    if (mailbox.uidValidity !== uidValidity) {
      await deps.db
        .update(intakeMailboxes)
        .set({ uidValidity, lastUid: 0, updatedAt: new Date() })
        .where(eq(intakeMailboxes.id, mailbox.id));
    }
    const found = await client.search(pendingQuery(mailbox), { uid: true });
    const uids = (found || []).sort((a, b) => a - b).slice(0, POLL_BATCH);
    for (const uid of uids) {
      const known = await ledgerEntry(deps.db, mailbox.id, uidValidity, uid);
      if (!known) {
        const outcome = await ingestOne(deps, client, mailbox, uid);
        if (!outcome) continue;
        await deps.checkpoint?.("ingested", uid);
        await record(deps.db, mailbox.id, uidValidity, uid, outcome);
        if (outcome.status === "duplicate") result.duplicates++;
        else result.ingested++;
        await deps.checkpoint?.("recorded", uid);
      }
      if (mailbox.processedAction === "move" && mailbox.processedFolder) {
        await client.messageMove(String(uid), mailbox.processedFolder, { uid: true });
      } else {
        await client.messageFlagsAdd(String(uid), [mailbox.processedFlag], { uid: true });
      }
      await deps.db
        .update(intakeMailboxMessages)
        .set({ processedAt: new Date() })
        .where(
          and(
            eq(intakeMailboxMessages.mailboxId, mailbox.id),
            eq(intakeMailboxMessages.uidValidity, uidValidity),
            eq(intakeMailboxMessages.uid, uid),
          ),
        );
      result.processed++;
    }
  } finally {
    lock.release();
  }
  return result;
}

const systemFlagSearch: Record<string, keyof SearchObject> = {
  "\\seen": "seen",
  "\\flagged": "flagged",
  "\\answered": "answered",
  "\\deleted": "deleted",
  "\\draft": "draft",
};

/** Messages still to process: all of them when processed ones are moved away, else those without the flag. */
function pendingQuery(mailbox: MailboxRow): SearchObject {
  if (mailbox.processedAction === "move") return { all: true, deleted: false };
  const system = systemFlagSearch[mailbox.processedFlag.toLowerCase()];
  if (system) return { [system]: false, deleted: false };
  return { unKeyword: mailbox.processedFlag, deleted: false };
}

async function ledgerEntry(db: Db, mailboxId: string, uidValidity: number, uid: number) {
  const [row] = await db
    .select({ messageId: intakeMailboxMessages.messageId })
    .from(intakeMailboxMessages)
    .where(
      and(
        eq(intakeMailboxMessages.mailboxId, mailboxId),
        eq(intakeMailboxMessages.uidValidity, uidValidity),
        eq(intakeMailboxMessages.uid, uid),
      ),
    );
  return row;
}

async function ingestOne(
  deps: PollDeps,
  client: ImapFlow,
  mailbox: MailboxRow,
  uid: number,
): Promise<IngestResult | null> {
  const message = await client.fetchOne(
    String(uid),
    { source: true, internalDate: true },
    { uid: true },
  );
  // Expunged by someone else since the search.
  const raw = message ? message.source : undefined;
  if (!message || !raw) return null;
  const headerBlock =
    raw
      .subarray(0, Math.min(raw.length, 64 * 1024))
      .toString("latin1")
      .split(/\r?\n\r?\n/)[0] ?? "";
  const internalDate = message.internalDate ? new Date(message.internalDate) : undefined;
  return deps.ingest({
    raw,
    source: { kind: "imap", mailbox: mailbox.name },
    envelope: { from: envelopeSender(headerBlock), to: [mailbox.address] },
    receivedAt: internalDate && !Number.isNaN(internalDate.getTime()) ? internalDate : undefined,
  });
}

async function record(
  db: Db,
  mailboxId: string,
  uidValidity: number,
  uid: number,
  outcome: IngestResult,
): Promise<void> {
  await db.transaction(async (tx) => {
    const inserted = await tx
      .insert(intakeMailboxMessages)
      .values({ mailboxId, uidValidity, uid, messageId: outcome.messageId, status: outcome.status })
      .onConflictDoNothing()
      .returning({ uid: intakeMailboxMessages.uid });
    if (inserted.length === 0) return;
    await tx
      .update(intakeMailboxes)
      .set({
        lastUid: sql`greatest(${intakeMailboxes.lastUid}, ${uid})`,
        messagesIngested: sql`${intakeMailboxes.messagesIngested} + 1`,
        updatedAt: new Date(),
      })
      .where(eq(intakeMailboxes.id, mailboxId));
  });
}
