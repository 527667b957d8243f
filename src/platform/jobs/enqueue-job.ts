import type { Db } from "../db/client.ts";
import { jobs } from "./jobs.tables.ts";

export interface EnqueueOptions {
  runAt?: Date | undefined;
  /** Jobs with the same name and key are enqueued once (idempotent producers, schedules). */
  dedupeKey?: string | undefined;
  maxAttempts?: number | undefined;
}

/**
 * Enqueues a job in the caller's transaction: it exists if and only if the
 * change that caused it commits (transactional outbox). Returns null when a
 * job with the same dedupe key already exists.
 */
export async function enqueueJob(
  tx: Db,
  name: string,
  payload: unknown,
  options: EnqueueOptions = {},
): Promise<number | null> {
  const rows = await tx
    .insert(jobs)
    .values({
      name,
      payload: payload ?? {},
      runAt: options.runAt ?? new Date(),
      dedupeKey: options.dedupeKey ?? null,
      maxAttempts: options.maxAttempts ?? 8,
    })
    .onConflictDoNothing()
    .returning({ id: jobs.id });
  return rows[0]?.id ?? null;
}
