import { z } from "zod";
import { tlpOutput } from "../marking/marking.ts";
import type { observables } from "./observables.tables.ts";
import { observableTypes } from "./observables-rules.ts";

export const observableSources = ["extracted", "manual", "import"] as const;

export const observableViewSchema = z.object({
  id: z.uuid(),
  type: z.enum(observableTypes),
  value: z.string(),
  tlp: tlpOutput,
  falsePositive: z.boolean(),
  source: z.enum(observableSources),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
  reportId: z.uuid().nullable(),
  incidentId: z.uuid().nullable(),
  sightings: z.number().int(),
});
export type ObservableView = z.infer<typeof observableViewSchema>;

export function toObservableView(
  row: typeof observables.$inferSelect,
  sightings: number,
): ObservableView {
  return {
    id: row.id,
    type: row.type as ObservableView["type"],
    value: row.value,
    tlp: row.tlp as ObservableView["tlp"],
    falsePositive: row.falsePositive,
    source: row.source as ObservableView["source"],
    firstSeen: row.firstSeen.toISOString(),
    lastSeen: row.lastSeen.toISOString(),
    reportId: row.reportId,
    incidentId: row.incidentId,
    sightings,
  };
}
