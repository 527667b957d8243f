import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { eq } from "drizzle-orm";
import { z } from "zod";
import {
  createTestDatabase,
  postgresUrl,
  type TestDatabase,
} from "../../../test/support/test-database.ts";
import { type Db, openDatabase, sql } from "../db/client.ts";
import { enqueueJob } from "./enqueue-job.ts";
import { type JobDefinition, JobWorker } from "./job-worker.ts";
import { jobs } from "./jobs.tables.ts";

let testDb: TestDatabase;
let db: Db;

before(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
});

after(async () => {
  await testDb?.cleanup();
});

let nameCounter = 0;
/** A unique job name per test, so that tests sharing the database never run each other's jobs. */
const uniqueName = (what: string) => `test.${what}.${++nameCounter}.v1`;

/** A handler recording each run; `fail` decides per attempt whether to throw. */
function recordingJob(
  name: string,
  fail: (attempt: number) => boolean = () => false,
): JobDefinition<{ n: number }> & { runs: { jobId: number; attempt: number; n: number }[] } {
  const runs: { jobId: number; attempt: number; n: number }[] = [];
  return {
    name,
    payload: z.strictObject({ n: z.number().int() }),
    runs,
    async run(payload, context) {
      runs.push({ ...context, n: payload.n });
      if (fail(context.attempt)) throw new Error(`attempt ${context.attempt} failed`);
    },
  };
}

async function job(id: number): Promise<typeof jobs.$inferSelect> {
  const [row] = await db.select().from(jobs).where(eq(jobs.id, id));
  assert.ok(row, `job ${id} exists`);
  return row;
}

/** Makes a job waiting for its backoff due now, instead of sleeping through the delay. */
async function makeDue(id: number): Promise<void> {
  await db.execute(sql`UPDATE jobs SET run_at = now() - interval '1 second' WHERE id = ${id}`);
}

async function jobsNamed(name: string): Promise<(typeof jobs.$inferSelect)[]> {
  return db.select().from(jobs).where(eq(jobs.name, name));
}

describe("enqueueJob (transactional outbox)", () => {
  test("a job enqueued in a transaction that fails does not exist", async () => {
    const name = uniqueName("outbox-rollback");
    await assert.rejects(
      db.transaction(async (tx) => {
        await enqueueJob(tx, name, { n: 1 });
        throw new Error("the change failed");
      }),
      /the change failed/,
    );
    assert.deepEqual(await jobsNamed(name), []);
  });

  test("a job enqueued in a transaction that commits runs exactly once", async () => {
    const definition = recordingJob(uniqueName("outbox-commit"));
    const id = await db.transaction((tx) => enqueueJob(tx, definition.name, { n: 7 }));
    assert.ok(id);
    const worker = new JobWorker(db, [definition]);
    await worker.drain();
    await worker.drain();
    assert.deepEqual(definition.runs, [{ jobId: id, attempt: 1, n: 7 }]);
    const row = await job(id);
    assert.equal(row.status, "done");
    assert.equal(row.attempts, 1);
    assert.ok(row.finishedAt);
    assert.equal(row.lockedBy, null);
  });

  test("a dedupe key enqueues the job once", async () => {
    const name = uniqueName("dedupe");
    const first = await enqueueJob(db, name, { n: 1 }, { dedupeKey: "incident-42" });
    const second = await enqueueJob(db, name, { n: 2 }, { dedupeKey: "incident-42" });
    const other = await enqueueJob(db, name, { n: 3 }, { dedupeKey: "incident-43" });
    assert.ok(first);
    assert.equal(second, null);
    assert.ok(other);
    const rows = await jobsNamed(name);
    assert.deepEqual(
      rows.map((r) => r.payload).sort((a, b) => (a as { n: number }).n - (b as { n: number }).n),
      [{ n: 1 }, { n: 3 }],
    );
  });
});

describe("JobWorker", () => {
  test("a job waiting for its run time is not run early", async () => {
    const definition = recordingJob(uniqueName("later"));
    const id = await enqueueJob(
      db,
      definition.name,
      { n: 1 },
      { runAt: new Date(Date.now() + 60_000) },
    );
    assert.ok(id);
    await new JobWorker(db, [definition]).drain();
    assert.equal(definition.runs.length, 0);
    assert.equal((await job(id)).status, "queued");
  });

  test("a failing job is retried with backoff until it succeeds", async () => {
    const definition = recordingJob(uniqueName("flaky"), (attempt) => attempt <= 2);
    const worker = new JobWorker(db, [definition]);
    const id = await enqueueJob(db, definition.name, { n: 1 });
    assert.ok(id);

    const startedAt = Date.now();
    await worker.drain();
    let row = await job(id);
    assert.equal(row.status, "queued");
    assert.equal(row.attempts, 1);
    assert.equal(row.lastError, "attempt 1 failed");
    assert.ok(row.runAt.getTime() >= startedAt + 2_000, "the retry waits for its backoff");

    await worker.drain();
    assert.equal(definition.runs.length, 1, "not run again before its backoff elapses");

    await makeDue(id);
    await worker.drain();
    row = await job(id);
    assert.equal(row.status, "queued");
    assert.equal(row.attempts, 2);
    assert.equal(row.lastError, "attempt 2 failed");

    await makeDue(id);
    await worker.drain();
    row = await job(id);
    assert.equal(row.status, "done");
    assert.equal(row.attempts, 3);
    assert.deepEqual(
      definition.runs.map((r) => r.attempt),
      [1, 2, 3],
    );
  });

  test("a job that keeps failing is dead after max_attempts, with its last error", async () => {
    const definition = recordingJob(uniqueName("doomed"), () => true);
    const worker = new JobWorker(db, [definition]);
    const id = await enqueueJob(db, definition.name, { n: 1 }, { maxAttempts: 3 });
    assert.ok(id);
    for (let i = 0; i < 3; i++) {
      await makeDue(id);
      await worker.drain();
    }
    const row = await job(id);
    assert.equal(row.status, "dead");
    assert.equal(row.attempts, 3);
    assert.equal(row.lastError, "attempt 3 failed");
    assert.ok(row.finishedAt);
    await makeDue(id);
    await worker.drain();
    assert.equal(definition.runs.length, 3, "a dead job is not run again");
  });

  test("a job with an invalid payload is dead at once, without running", async () => {
    const definition = recordingJob(uniqueName("bad-payload"));
    const id = await enqueueJob(db, definition.name, { n: "not a number" });
    assert.ok(id);
    await new JobWorker(db, [definition]).drain();
    const row = await job(id);
    assert.equal(row.status, "dead");
    assert.equal(row.attempts, 1);
    assert.match(row.lastError ?? "", /^invalid payload/);
    assert.equal(definition.runs.length, 0);
  });

  test("a job nobody handles is dead at once", async () => {
    const name = uniqueName("unknown");
    const id = await enqueueJob(db, name, {});
    assert.ok(id);
    await new JobWorker(db, []).drain();
    const row = await job(id);
    assert.equal(row.status, "dead");
    assert.equal(row.lastError, `no handler registered for ${name}`);
  });

  test("a schedule enqueues once per period, across workers", async () => {
    const hourly = recordingJob(uniqueName("hourly"));
    const schedules = [{ name: hourly.name, everyMs: 3_600_000, payload: { n: 0 } }];
    const nodeA = new JobWorker(db, [hourly], { schedules });
    const nodeB = new JobWorker(db, [hourly], { schedules });
    await nodeA.drain();
    await nodeB.drain();
    await nodeA.drain();
    const rows = await jobsNamed(hourly.name);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.status, "done");
    assert.match(rows[0]?.dedupeKey ?? "", /^schedule:\d+$/);
    assert.equal(hourly.runs.length, 1);
  });

  test("a schedule enqueues again in the next period", async () => {
    const fast = recordingJob(uniqueName("fast"));
    const worker = new JobWorker(db, [fast], {
      schedules: [{ name: fast.name, everyMs: 100, payload: { n: 0 } }],
    });
    await worker.drain();
    await sleep(150);
    await worker.drain();
    assert.equal((await jobsNamed(fast.name)).length, 2);
    assert.equal(fast.runs.length, 2);
  });

  test("a job whose worker died is reclaimed once its lock expires", async () => {
    const definition = recordingJob(uniqueName("orphan"));
    const id = await enqueueJob(db, definition.name, { n: 1 });
    assert.ok(id);
    await db.execute(
      sql`UPDATE jobs SET status = 'running', attempts = 1, locked_by = 'dead-node:1',
            locked_until = now() + interval '5 minutes' WHERE id = ${id}`,
    );
    const worker = new JobWorker(db, [definition]);
    await worker.drain();
    assert.equal(definition.runs.length, 0, "a live lock is respected");

    await db.execute(
      sql`UPDATE jobs SET locked_until = now() - interval '1 second' WHERE id = ${id}`,
    );
    await worker.drain();
    const row = await job(id);
    assert.equal(row.status, "done");
    assert.equal(row.attempts, 2);
    assert.deepEqual(definition.runs, [{ jobId: id, attempt: 2, n: 1 }]);
  });

  test("a job whose worker died on its last attempt is dead, not run again", async () => {
    const definition = recordingJob(uniqueName("poison"));
    const id = await enqueueJob(db, definition.name, { n: 1 }, { maxAttempts: 2 });
    assert.ok(id);
    await db.execute(
      sql`UPDATE jobs SET status = 'running', attempts = 2, locked_by = 'dead-node:2',
            locked_until = now() - interval '1 second' WHERE id = ${id}`,
    );
    await new JobWorker(db, [definition]).drain();
    const row = await job(id);
    assert.equal(row.status, "dead");
    assert.match(row.lastError ?? "", /last of 2 attempts/);
    assert.equal(definition.runs.length, 0);
  });

  test("start() runs due jobs in the background and stop() waits for the cycle", async () => {
    const definition = recordingJob(uniqueName("background"));
    const id = await enqueueJob(db, definition.name, { n: 5 });
    assert.ok(id);
    const worker = new JobWorker(db, [definition], { pollMs: 20 });
    worker.start();
    try {
      for (let i = 0; i < 100 && definition.runs.length === 0; i++) await sleep(20);
    } finally {
      await worker.stop();
    }
    assert.equal(definition.runs.length, 1);
    assert.equal((await job(id)).status, "done");
  });

  test("two nodes draining concurrently never run the same job twice", {
    skip: postgresUrl ? false : "needs PostgreSQL (DATABASE_URL)",
  }, async () => {
    const name = uniqueName("contended");
    const runsById = new Map<number, number>();
    const definition: JobDefinition<{ n: number }> = {
      name,
      payload: z.strictObject({ n: z.number().int() }),
      async run(_payload, { jobId }) {
        runsById.set(jobId, (runsById.get(jobId) ?? 0) + 1);
        await sleep(1);
      },
    };
    const ids: number[] = [];
    for (let n = 0; n < 200; n++) {
      const id = await enqueueJob(db, name, { n });
      assert.ok(id);
      ids.push(id);
    }
    // A second node: its own connection pool on the same database.
    const otherNode = await openDatabase({ url: testDb.url, poolSize: 5 });
    try {
      const workers = [
        new JobWorker(db, [definition]),
        new JobWorker(db, [definition]),
        new JobWorker(otherNode.db, [definition]),
        new JobWorker(otherNode.db, [definition]),
      ];
      const ran = await Promise.all(workers.map((w) => w.drain(1000)));
      assert.equal(
        ran.reduce((a, b) => a + b, 0),
        200,
      );
      assert.ok(ran.filter((n) => n > 0).length >= 2, `work was shared: ${ran.join(", ")}`);
    } finally {
      await otherNode.close();
    }
    assert.equal(runsById.size, 200);
    for (const id of ids) assert.equal(runsById.get(id), 1, `job ${id} ran once`);
    const rows = await jobsNamed(name);
    assert.ok(rows.every((r) => r.status === "done" && r.attempts === 1));
  });
});
