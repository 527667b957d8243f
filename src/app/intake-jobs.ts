import { acknowledgeJob } from "../modules/intake/acknowledge-inbound-message.ts";
import { processMessageJob } from "../modules/intake/process-message-job.ts";
import type { Db } from "../platform/db/client.ts";
import type { JobDefinition } from "../platform/jobs/job-worker.ts";
import type { Config } from "./config.ts";
import { intakeDependencies } from "./intake-config.ts";
import { keysMailSettings } from "./keys-mail-config.ts";

/** The intake jobs a worker runs: processing accepted mail, then acknowledging it. */
export function intakeJobs(db: Db, config: Config): JobDefinition<never>[] {
  const deps = intakeDependencies(db, config);
  return [
    processMessageJob(deps) as unknown as JobDefinition<never>,
    acknowledgeJob({
      db,
      keyPassphrase: keysMailSettings(config).keyPassphrase,
    }) as unknown as JobDefinition<never>,
  ];
}
