import { z } from "zod";
import type { SlaState } from "./sla-rules.ts";

export const clockStateSchema = z.object({
  targetMinutes: z.number().int(),
  due: z.iso.datetime(),
  breached: z.boolean(),
  completedAt: z.iso.datetime().nullable(),
});

/**
 * `sla` on an incident: per clock (acknowledge, triage, contain, resolve) when
 * it is due, whether it is breached, when it completed; `waiting` while the
 * clocks are paused on the reporter.
 */
export const slaViewSchema = z.object({
  waiting: z.boolean(),
  acknowledge: clockStateSchema.optional(),
  triage: clockStateSchema.optional(),
  contain: clockStateSchema.optional(),
  resolve: clockStateSchema.optional(),
});
export type SlaView = z.infer<typeof slaViewSchema>;

export function toSlaView(state: SlaState): SlaView {
  return { waiting: state.waiting, ...state.clocks };
}
