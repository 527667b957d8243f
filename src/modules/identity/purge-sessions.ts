import { lt } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { JobDefinition } from "../../platform/jobs/job-worker.ts";
import { sessions } from "./identity.tables.ts";

export const PURGE_SESSIONS_JOB = "identity.purge-sessions.v1";

/** Deletes expired sessions; scheduled hourly by the worker role. */
export function purgeSessionsJob(db: Db): JobDefinition<Record<string, never>> {
  return {
    name: PURGE_SESSIONS_JOB,
    payload: z.object({}).strict() as z.ZodType<Record<string, never>>,
    async run() {
      await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
    },
  };
}
