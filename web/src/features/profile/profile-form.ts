import type { paths } from "../../api/schema.d.ts";
import type { MessageKey } from "../../i18n/en.ts";

type Ok<T> = T extends { responses: { 200: { content: { "application/json": infer J } } } }
  ? J
  : never;

/** GET /api/profile: the profile with its revision, document version and key checks. */
export type ProfileView = Ok<paths["/api/profile"]["get"]>;
export type TeamProfile = ProfileView["profile"];
export type ImportResult = Ok<paths["/api/profile/import"]["post"]>;
export type EmailPurpose = TeamProfile["contact"]["email"]["addresses"][number]["purpose"];
type WeeklyHours = TeamProfile["contact"]["operatingHours"]["weekly"];
export type Weekday = keyof WeeklyHours;
type Holiday = TeamProfile["contact"]["operatingHours"]["holidays"][number];

export const profileKey = ["profile"] as const;
export const previewKey = ["profile", "preview"] as const;

export const weekdays: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
export const emailPurposes: readonly EmailPurpose[] = [
  "incident",
  "vulnerability",
  "abuse",
  "general",
  "phishing",
  "other",
];

/** One day's intervals as typed: "09:00-12:00, 14:00-18:00" (empty: closed). */
export function formatDayHours(intervals: readonly (readonly [string, string])[]): string {
  return intervals.map(([from, to]) => `${from}-${to}`).join(", ");
}

const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** The intervals of one day, or null when the text is not "HH:MM-HH:MM, …" with each end after its start. */
export function parseDayHours(text: string): [string, string][] | null {
  const parts = text
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  const intervals: [string, string][] = [];
  for (const part of parts) {
    const match = /^(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})$/.exec(part);
    if (!match) return null;
    const [from, to] = [match[1], match[2]].map((c) => (c ?? "").padStart(5, "0"));
    if (!from || !to || !CLOCK.test(from) || !CLOCK.test(to) || from >= to) return null;
    intervals.push([from, to]);
  }
  return intervals.length > 6 ? null : intervals;
}

/** One holiday a line: "2026-12-25 Christmas". */
export function formatHolidays(holidays: readonly Holiday[]): string {
  return holidays.map((h) => (h.name ? `${h.date} ${h.name}` : h.date)).join("\n");
}

/** The holidays typed one a line, or the 1-based number of the first line that is not "YYYY-MM-DD name". */
export function parseHolidays(text: string): Holiday[] | { badLine: number } {
  const holidays: Holiday[] = [];
  const lines = text.split("\n");
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === "") continue;
    const match = /^(\d{4}-\d{2}-\d{2})(?:\s+(.*))?$/.exec(line);
    if (!match?.[1] || Number.isNaN(Date.parse(match[1]))) return { badLine: i + 1 };
    holidays.push({ date: match[1], name: (match[2] ?? "").slice(0, 200) });
  }
  return holidays;
}

/** The free-text sections the editor shows as textareas, in RFC 2350 order. */
export const textSections = [
  ["document", "distributionList", "profile.sec.distributionList"],
  ["document", "locations", "profile.sec.locations"],
  ["document", "authentication", "profile.sec.authentication"],
  ["contact", "address", "profile.sec.address"],
  ["contact", "teamMembers", "profile.sec.teamMembers"],
  ["contact", "otherInformation", "profile.sec.otherInformation"],
  ["contact", "pointsOfContact", "profile.sec.pointsOfContact"],
  ["charter", "mission", "profile.sec.mission"],
  ["charter", "constituency", "profile.sec.constituency"],
  ["charter", "sponsorship", "profile.sec.sponsorship"],
  ["charter", "authority", "profile.sec.authority"],
  ["policies", "incidentTypes", "profile.sec.incidentTypes"],
  ["policies", "cooperation", "profile.sec.cooperation"],
  ["policies", "communication", "profile.sec.communication"],
  ["services", "incidentResponse", "profile.sec.incidentResponse"],
  ["services", "triage", "profile.sec.triage"],
  ["services", "coordination", "profile.sec.coordination"],
  ["services", "resolution", "profile.sec.resolution"],
  ["services", "proactive", "profile.sec.proactive"],
  [null, "reportingForms", "profile.sec.reportingForms"],
  [null, "disclaimers", "profile.sec.disclaimers"],
] as const satisfies readonly (readonly [
  "document" | "contact" | "charter" | "policies" | "services" | null,
  string,
  MessageKey,
])[];

export type TextSection = (typeof textSections)[number];

type Blocks = Record<string, { text: string }>;

/** The prose of one section. */
export function sectionText(profile: TeamProfile, [chapter, field]: TextSection): string {
  const holder = (chapter ? profile[chapter] : profile) as unknown as Blocks;
  return holder[field]?.text ?? "";
}

/** The profile with one section's prose replaced (subsections and titles kept). */
export function withSectionText(
  profile: TeamProfile,
  [chapter, field]: TextSection,
  text: string,
): TeamProfile {
  if (!chapter) {
    const blocks = profile as unknown as Blocks;
    return { ...profile, [field]: { ...blocks[field], text } };
  }
  const holder = profile[chapter] as unknown as Blocks;
  return { ...profile, [chapter]: { ...holder, [field]: { ...holder[field], text } } };
}
