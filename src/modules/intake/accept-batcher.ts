import { blobs } from "../../platform/blobs/blobs.tables.ts";
import type { Db } from "../../platform/db/client.ts";
import { jobs } from "../../platform/jobs/jobs.tables.ts";
import { inboundMessages } from "./intake.tables.ts";

export const INTAKE_PROCESS_JOB = "intake.process-message.v1";

export type AcceptRow = typeof inboundMessages.$inferInsert & {
  messageId: string;
  rawSha256: string;
  rawSize: number;
};

interface Pending {
  row: AcceptRow;
  resolve(id: string | null): void;
  reject(err: unknown): void;
}

/** Most rows committed in one acceptance transaction. */
const MAX_BATCH = 200;

/**
 * Group commit for acceptance: rows submitted while a commit is in flight are
 * written together in the next transaction (blob index rows, message rows and
 * their processing jobs), so concurrent SMTP sessions share one commit and its
 * flush. Each caller learns its row id (null for a duplicate) only after that
 * transaction has committed, and a failed transaction fails every caller in it.
 */
export class AcceptBatcher {
  readonly #db: Db;
  #queue: Pending[] = [];
  #flushing = false;

  constructor(db: Db) {
    this.#db = db;
  }

  submit(row: AcceptRow): Promise<string | null> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ row, resolve, reject });
      if (!this.#flushing) void this.#flush();
    });
  }

  async #flush(): Promise<void> {
    this.#flushing = true;
    try {
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, MAX_BATCH);
        try {
          const ids = await this.#commit(batch.map((p) => p.row));
          for (const [i, p] of batch.entries()) p.resolve(ids[i] ?? null);
        } catch (err) {
          for (const p of batch) p.reject(err);
        }
      }
    } finally {
      this.#flushing = false;
    }
  }

  async #commit(rows: AcceptRow[]): Promise<(string | null)[]> {
    return this.#db.transaction(async (tx) => {
      const blobRows = new Map(
        rows.map((r) => [r.rawSha256, { sha256: r.rawSha256, size: r.rawSize }]),
      );
      await tx
        .insert(blobs)
        .values([...blobRows.values()])
        .onConflictDoNothing();
      const inserted = await tx
        .insert(inboundMessages)
        .values(rows)
        .onConflictDoNothing()
        .returning({
          id: inboundMessages.id,
          messageId: inboundMessages.messageId,
          rawSha256: inboundMessages.rawSha256,
          status: inboundMessages.status,
        });
      const toProcess = inserted.filter((r) => r.status === "received");
      if (toProcess.length > 0) {
        await tx.insert(jobs).values(
          toProcess.map((r) => ({
            name: INTAKE_PROCESS_JOB,
            payload: { inboundMessageId: r.id },
            dedupeKey: `${r.id}:first`,
            maxAttempts: 5,
          })),
        );
      }
      const byKey = new Map(inserted.map((r) => [`${r.messageId}\n${r.rawSha256}`, r.id]));
      // Within one batch the first of two identical messages wins; the second is a duplicate.
      return rows.map((r) => {
        const key = `${r.messageId}\n${r.rawSha256}`;
        const id = byKey.get(key) ?? null;
        byKey.delete(key);
        return id;
      });
    });
  }
}
