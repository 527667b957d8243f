import { z } from "zod";
import type { JobDefinition } from "../../platform/jobs/job-worker.ts";
import { INTAKE_PROCESS_JOB } from "./ingest-raw-message.ts";
import type { IntakeDeps } from "./intake-deps.ts";
import { processInboundMessage } from "./process-inbound-message.ts";

/** The `intake.process-message.v1` job: parses and files one accepted message (idempotent). */
export function processMessageJob(
  deps: IntakeDeps,
): JobDefinition<{ inboundMessageId: string; released?: boolean | undefined }> {
  return {
    name: INTAKE_PROCESS_JOB,
    payload: z.strictObject({ inboundMessageId: z.uuid(), released: z.boolean().optional() }),
    async run(payload) {
      await processInboundMessage(deps, payload);
    },
  };
}
