import { z } from "zod";
import { severities } from "../incidents/incidents-rules.ts";
import { slaClocks, weekdays } from "./sla-rules.ts";

const minutes = z.number().int().min(1).max(525_600);
const targets = z.strictObject(
  Object.fromEntries(slaClocks.map((c) => [c, minutes])) as Record<
    (typeof slaClocks)[number],
    typeof minutes
  >,
);
const policy = z.strictObject(
  Object.fromEntries(severities.map((s) => [s, targets])) as Record<
    (typeof severities)[number],
    typeof targets
  >,
);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "HH:MM");
const weeklyHours = z.strictObject(
  Object.fromEntries(weekdays.map((d) => [d, z.array(z.tuple([hhmm, hhmm])).max(6)])) as Record<
    (typeof weekdays)[number],
    z.ZodArray<z.ZodTuple<[typeof hhmm, typeof hhmm]>>
  >,
);

export const settingsQuery = z.strictObject({
  tenant: z.string().max(64).optional().describe("Tenant id or slug; absent: the team default"),
});

export const policyBody = z.strictObject({
  tenant: z.string().max(64).optional(),
  policy: policy.describe("Business minutes per severity and clock"),
});

export const calendarBody = z.strictObject({
  tenant: z.string().max(64).optional(),
  timeZone: z.string().min(1).max(64).default("Europe/Paris"),
  preset: z.enum(["corporate", "24/7"]).optional().describe("Instead of weeklyHours"),
  weeklyHours: weeklyHours.optional(),
  holidays: z.array(z.iso.date()).max(1000).default([]),
});

export const settingsSchema = z.object({
  policyTenantId: z.uuid().nullable(),
  calendarTenantId: z.uuid().nullable(),
  policy,
  calendar: z.object({ timeZone: z.string(), weeklyHours, holidays: z.array(z.string()) }),
});

export const pauseBody = z.strictObject({ reason: z.string().max(2000).optional() });
export const containedBody = z.strictObject({ note: z.string().max(2000).optional() });
