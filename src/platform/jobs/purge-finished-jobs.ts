import { and, eq, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import type { JobDefinition } from "./job-worker.ts";
import { jobs } from "./jobs.tables.ts";

export const PURGE_FINISHED_JOBS_JOB = "jobs.purge-finished.v1";

/** Keeps the queue small: done jobs go after 7 days, dead ones (kept for diagnosis) after 30. */
export function purgeFinishedJobsJob(db: Db): JobDefinition<Record<string, never>> {
  return {
    name: PURGE_FINISHED_JOBS_JOB,
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    async run() {
      const day = 86_400_000;
      await db
        .delete(jobs)
        .where(
          or(
            and(eq(jobs.status, "done"), lt(jobs.finishedAt, new Date(Date.now() - 7 * day))),
            and(eq(jobs.status, "dead"), lt(jobs.finishedAt, new Date(Date.now() - 30 * day))),
          ),
        );
    },
  };
}
