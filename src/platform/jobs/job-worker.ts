import { hostname } from "node:os";
import { and, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { type Db, queryRows } from "../db/client.ts";
import { enqueueJob } from "./enqueue-job.ts";
import { jobs } from "./jobs.tables.ts";
import { retryDelayMs } from "./retry.ts";

/**
 * A job handler. Versioned names (`sessions.purge.v1`) so a payload change is a
 * new job type. Handlers must be idempotent: a job may run again after a crash.
 */
export interface JobDefinition<P = unknown> {
  name: string;
  payload: z.ZodType<P>;
  run(payload: P, context: { jobId: number; attempt: number }): Promise<void>;
}

/** A job enqueued by the worker itself at a fixed period, once per period across all nodes. */
export interface JobSchedule {
  name: string;
  everyMs: number;
  payload?: unknown;
}

export interface WorkerLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

interface ClaimedJob {
  id: number;
  name: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
}

export interface JobWorkerOptions {
  pollMs?: number;
  lockMs?: number;
  schedules?: JobSchedule[];
  logger?: WorkerLogger;
}

/**
 * Claims due jobs with FOR UPDATE SKIP LOCKED (several nodes never take the
 * same job), runs them outside any transaction, and records the outcome:
 * done, retried later with backoff, or dead after its last attempt. A job whose
 * worker died is claimed again once its lock expires.
 */
export class JobWorker {
  readonly #db: Db;
  readonly #handlers = new Map<string, JobDefinition<unknown>>();
  readonly #pollMs: number;
  readonly #lockMs: number;
  readonly #schedules: JobSchedule[];
  readonly #logger: WorkerLogger | undefined;
  readonly #id = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;
  #stopping = false;

  constructor(db: Db, definitions: JobDefinition<unknown>[], options: JobWorkerOptions = {}) {
    this.#db = db;
    for (const d of definitions) this.#handlers.set(d.name, d);
    this.#pollMs = options.pollMs ?? 1000;
    this.#lockMs = options.lockMs ?? 5 * 60_000;
    this.#schedules = options.schedules ?? [];
    this.#logger = options.logger;
  }

  start(): void {
    this.#stopped = false;
    this.#stopping = false;
    const tick = () => {
      if (this.#stopped) return;
      this.#running = this.drain()
        .then(() => undefined)
        .catch((err) => this.#logger?.error({ err }, "job worker cycle failed"))
        .finally(() => {
          if (!this.#stopped) this.#timer = setTimeout(tick, this.#pollMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopping = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /** Enqueues due schedules and runs every due job; returns how many jobs ran. */
  async drain(limit = 100): Promise<number> {
    await this.#enqueueSchedules();
    let ran = 0;
    while (ran < limit && !this.#stopping) {
      const job = await this.#claim();
      if (!job) break;
      await this.#run(job);
      ran++;
    }
    return ran;
  }

  async #enqueueSchedules(): Promise<void> {
    const now = Date.now();
    for (const s of this.#schedules) {
      await enqueueJob(this.#db, s.name, s.payload ?? {}, {
        dedupeKey: `schedule:${Math.floor(now / s.everyMs)}`,
        maxAttempts: 3,
      });
    }
  }

  async #claim(): Promise<ClaimedJob | undefined> {
    const rows = await queryRows<ClaimedJob>(
      this.#db,
      sql`UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = ${this.#id},
            locked_until = now() + ${`${this.#lockMs} milliseconds`}::interval
          WHERE id = (
            SELECT id FROM jobs
            WHERE (status = 'queued' AND run_at <= now())
               OR (status = 'running' AND locked_until < now())
            ORDER BY run_at, id
            FOR UPDATE SKIP LOCKED
            LIMIT 1)
          RETURNING id::int AS id, name, payload, attempts, max_attempts`,
    );
    return rows[0];
  }

  async #run(job: ClaimedJob): Promise<void> {
    const handler = this.#handlers.get(job.name);
    try {
      if (!handler) throw new PermanentJobError(`no handler registered for ${job.name}`);
      // Reclaimed after its worker died on the last allowed attempt: a poison job stops here.
      if (job.attempts > job.max_attempts) {
        throw new PermanentJobError(
          `worker stopped during the last of ${job.max_attempts} attempts`,
        );
      }
      const parsed = handler.payload.safeParse(job.payload);
      if (!parsed.success) throw new PermanentJobError(`invalid payload: ${parsed.error.message}`);
      await handler.run(parsed.data as never, { jobId: job.id, attempt: job.attempts });
      await this.#db
        .update(jobs)
        .set({ status: "done", finishedAt: new Date(), lockedBy: null, lockedUntil: null })
        .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, this.#id)));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const dead = err instanceof PermanentJobError || job.attempts >= job.max_attempts;
      this.#logger?.error(
        { jobId: job.id, job: job.name, attempt: job.attempts, dead, error: message },
        "job failed",
      );
      await this.#db
        .update(jobs)
        .set({
          status: dead ? "dead" : "queued",
          lastError: message.slice(0, 2000),
          runAt: new Date(Date.now() + (dead ? 0 : retryDelayMs(job.attempts))),
          finishedAt: dead ? new Date() : null,
          lockedBy: null,
          lockedUntil: null,
        })
        .where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, this.#id)));
    }
  }
}

/** A failure that retrying cannot fix (bad payload, unknown job). */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}
