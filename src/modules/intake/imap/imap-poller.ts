import { randomUUID } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../../platform/db/client.ts";
import { intakeMailboxes } from "./imap.tables.ts";
import { nextAttemptDelayMs } from "./imap-rules.ts";
import { POLL_BATCH, type PollDeps, type PollResult, pollMailbox } from "./poll-mailbox.ts";

/** How long a node owns a mailbox it is polling; another node takes over after it. */
const LEASE_SECONDS = 300;

export interface PollerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ImapPoller {
  /** Polls every due mailbox once, now (the timer calls it; tests too). */
  pollDue(): Promise<void>;
  /** Polls due mailboxes every `tickMs` until stopped. */
  start(): void;
  stop(): Promise<void>;
}

export type ImapPollerDeps = PollDeps & {
  logger?: PollerLogger | undefined;
  tickMs?: number | undefined;
};

/**
 * The `imap` node role: every `tickMs` it leases the mailboxes whose poll is
 * due (several nodes never poll one mailbox at once), polls them, and writes
 * their status. A failed poll is retried with jittered exponential backoff
 * (5 s … 15 min) and its error shown by GET /api/intake/mailboxes.
 */
export function createImapPoller(deps: ImapPollerDeps): ImapPoller {
  const owner = `imap-${randomUUID()}`;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;

  const pollOne = async (id: string, name: string) => {
    const started = new Date();
    try {
      const result = await pollMailbox(deps, id);
      await recordSuccess(deps.db, id, started, result);
      if (result.processed > 0)
        deps.logger?.info({ mailbox: name, ...result }, "IMAP mailbox polled");
    } catch (err) {
      const message = describeError(err);
      await recordFailure(deps.db, id, started, message);
      deps.logger?.warn({ mailbox: name, err: message }, "IMAP poll failed");
    }
  };

  const pollDue = async () => {
    const due = await claimDue(deps.db, owner);
    await Promise.all(due.map((m) => pollOne(m.id, m.name)));
  };

  const tick = () => {
    if (stopped || running) return;
    running = pollDue()
      .catch((err) => deps.logger?.warn({ err: describeError(err) }, "IMAP poller tick failed"))
      .finally(() => {
        running = null;
      });
  };

  return {
    pollDue,
    start() {
      timer = setInterval(tick, deps.tickMs ?? 1_000);
      timer.unref();
      tick();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

/** Creates the poller and starts its timer. */
export function startImapPoller(deps: ImapPollerDeps): ImapPoller {
  const poller = createImapPoller(deps);
  poller.start();
  return poller;
}

async function claimDue(db: Db, owner: string): Promise<{ id: string; name: string }[]> {
  return queryRows<{ id: string; name: string }>(
    db,
    sql`UPDATE intake_mailboxes SET lease_owner = ${owner},
               lease_until = now() + make_interval(secs => ${LEASE_SECONDS})
         WHERE id IN (SELECT id FROM intake_mailboxes
                       WHERE enabled AND next_poll_at <= now()
                         AND (lease_until IS NULL OR lease_until < now())
                       ORDER BY next_poll_at FOR UPDATE SKIP LOCKED)
     RETURNING id, name`,
  );
}

async function recordSuccess(db: Db, id: string, at: Date, result: PollResult): Promise<void> {
  await db
    .update(intakeMailboxes)
    .set({
      lastPollAt: at,
      lastSuccessAt: new Date(),
      lastError: null,
      consecutiveFailures: 0,
      // A full batch means more is waiting: poll again at once.
      nextPollAt:
        result.processed >= POLL_BATCH
          ? new Date()
          : sql`now() + make_interval(secs => ${intakeMailboxes.pollIntervalSeconds})`,
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: new Date(),
    })
    .where(eq(intakeMailboxes.id, id));
}

async function recordFailure(db: Db, id: string, at: Date, message: string): Promise<void> {
  const [row] = await db
    .select({ failures: intakeMailboxes.consecutiveFailures })
    .from(intakeMailboxes)
    .where(eq(intakeMailboxes.id, id));
  const failures = (row?.failures ?? 0) + 1;
  await db
    .update(intakeMailboxes)
    .set({
      lastPollAt: at,
      lastError: message.slice(0, 1000),
      lastErrorAt: new Date(),
      consecutiveFailures: failures,
      nextPollAt: new Date(Date.now() + nextAttemptDelayMs(failures)),
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: new Date(),
    })
    .where(eq(intakeMailboxes.id, id));
}

/** imapflow errors carry the server's answer apart from the message. */
function describeError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { responseText?: string; code?: string; authenticationFailed?: boolean };
  if (e.authenticationFailed)
    return `Authentication failed${e.responseText ? `: ${e.responseText}` : ""}`;
  const parts = [e.message, e.responseText, e.code].filter(Boolean);
  return [...new Set(parts)].join(" — ");
}
