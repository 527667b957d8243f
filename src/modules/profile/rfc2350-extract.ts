import { parsePap, parseTlp } from "../marking/marking.ts";
import {
  type EmailPurpose,
  ianaTimeZone,
  type ProfileKey,
  type WeeklyHours,
  weekdays,
} from "./profile.schemas.ts";

/** "cert(at)example[.]org", "cert\(at\)example\[.\]com", "psirt(a)x[.]com" → plain addresses. */
export function deobfuscate(text: string): string {
  return text
    .replace(/\\([()[\]])/g, "$1")
    .replace(/(\w)\s*[([]\s*(?:at|a)\s*[)\]]\s*(?=\w)/gi, "$1@")
    .replace(/(\w)\s*[([]\s*(?:dot|\.)\s*[)\]]\s*(?=\w)/gi, "$1.");
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

function purposeOf(address: string, context: string): EmailPurpose {
  const local = address.split("@")[0] ?? "";
  if (/psirt|vuln|secalert/i.test(local)) return "vulnerability";
  if (/abuse/i.test(local)) return "abuse";
  if (/phish/i.test(local)) return "phishing";
  if (/vulnerab|psirt|product/i.test(context)) return "vulnerability";
  return "incident";
}

/** Addresses with the purpose their paragraph gives them (incident, vulnerability, …). */
export function extractEmails(text: string): { purpose: EmailPurpose; address: string }[] {
  const seen = new Set<string>();
  const out: { purpose: EmailPurpose; address: string }[] = [];
  for (const paragraph of deobfuscate(text).split(/\n\s*\n/)) {
    for (const match of paragraph.matchAll(EMAIL)) {
      const address = match[0].toLowerCase().replace(/\.$/, "");
      if (seen.has(address)) continue;
      seen.add(address);
      out.push({ purpose: purposeOf(address, paragraph), address });
    }
  }
  return out;
}

const FINGERPRINT = /\b[0-9A-F]{4}(?:[ \t]?[0-9A-F]{4}){9}\b/gi;

/** Fingerprints listed in a key section, each part (sub-section) naming its purpose. */
export function extractKeys(parts: { title: string; text: string }[]): ProfileKey[] {
  const keys: ProfileKey[] = [];
  for (const part of parts) {
    const context = `${part.title}\n${part.text}`;
    const userId = /user ?id\W*[:\t ]\s*(.+)$/im.exec(deobfuscate(part.text))?.[1] ?? "";
    for (const match of part.text.matchAll(FINGERPRINT)) {
      const fingerprint = match[0].replace(/\s/g, "").toUpperCase();
      if (keys.some((k) => k.fingerprint === fingerprint)) continue;
      keys.push({
        purpose: /psirt|vulnerab/i.test(context) ? "psirt" : "cert",
        fingerprint,
        userId: userId.replace(/[<>*]/g, "").trim(),
      });
    }
  }
  return keys;
}

const DAY_NAMES = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

function dayIndex(word: string): number {
  return DAY_NAMES.findIndex((d) => d.startsWith(word.toLowerCase().slice(0, 3)));
}

function clock(hours: string, minutes: string | undefined, meridiem: string | undefined): string {
  let h = Number(hours);
  const m = meridiem?.toLowerCase();
  if (m === "pm" && h < 12) h += 12;
  if (m === "am" && h === 12) h = 0;
  return `${String(h).padStart(2, "0")}:${minutes ?? "00"}`;
}

export const emptyWeek = (): WeeklyHours =>
  Object.fromEntries(weekdays.map((d) => [d, []])) as unknown as WeeklyHours;

/** "24/7", "Monday to Friday, 9:00AM to 6:00PM", "Mon-Fri 08:30-17:30"; null when none is found. */
export function extractWeeklyHours(text: string): WeeklyHours | null {
  if (/\b24\s*[/x]\s*7\b|24 hours a day|around the clock/i.test(text)) {
    return Object.fromEntries(
      weekdays.map((d) => [d, [["00:00", "24:00"]]]),
    ) as unknown as WeeklyHours;
  }
  const days =
    /\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?\s*(?:to|-|–|—|through|until)\s*(mon|tue|wed|thu|fri|sat|sun)[a-z]*/i.exec(
      text,
    );
  const times =
    /\b(\d{1,2})(?:[:h.](\d{2}))?\s*(am|pm)?\s*(?:to|-|–|—|until)\s*(\d{1,2})(?:[:h.](\d{2}))?\s*(am|pm)?/i.exec(
      text.slice(days ? days.index : 0),
    );
  if (!days?.[1] || !days[2] || !times?.[1] || !times[4]) return null;
  const start = clock(times[1], times[2], times[3]);
  const end = clock(times[4], times[5], times[6]);
  if (!(start < end) || end > "24:00") return null;
  const week = emptyWeek();
  const from = dayIndex(days[1]);
  const to = dayIndex(days[2]);
  for (let i = from; i <= (to < from ? to + 7 : to); i++) {
    const day = weekdays[i % 7];
    if (day) week[day] = [[start, end]];
  }
  return week;
}

const IANA_ZONE =
  /\b(?:Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific|Etc)\/[A-Za-z_]+(?:\/[A-Za-z_]+)?\b/;
const ABBREVIATIONS: [RegExp, string][] = [
  [/\bCES?T\b/, "CET"],
  [/\bEES?T\b/, "EET"],
  [/\bWES?T\b/, "WET"],
  [/\b(UTC|GMT)\b/, "UTC"],
];

/** The IANA zone a "Time zone" section names; an abbreviation maps to its IANA zone. */
export function extractTimeZone(text: string): { zone: string; exact: boolean } | null {
  const named = IANA_ZONE.exec(text)?.[0];
  if (named && ianaTimeZone.safeParse(named).success) return { zone: named, exact: true };
  for (const [pattern, zone] of ABBREVIATIONS) {
    if (pattern.test(text)) return { zone, exact: false };
  }
  return null;
}

const MONTHS =
  "january|february|march|april|may|june|july|august|september|october|november|december";

/** The first date written in `text`, as YYYY-MM-DD: ISO, "June 1st 2025", "1 June 2025", "01-Jun-2025". */
export function extractDate(text: string): string | undefined {
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (iso) return iso[0];
  const monthIndex = (name: string) =>
    MONTHS.split("|").findIndex((m) => m.startsWith(name.toLowerCase().slice(0, 3))) + 1;
  const build = (y: string, m: number, d: string) =>
    m > 0 ? `${y}-${String(m).padStart(2, "0")}-${d.padStart(2, "0")}` : undefined;
  const monthFirst = new RegExp(
    `\\b(${MONTHS})\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})`,
    "i",
  ).exec(text);
  if (monthFirst?.[1] && monthFirst[2] && monthFirst[3]) {
    return build(monthFirst[3], monthIndex(monthFirst[1]), monthFirst[2]);
  }
  const dayFirst =
    /\b(\d{1,2})(?:st|nd|rd|th)?[\s-]+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s-]+(\d{4})\b/i.exec(
      text,
    );
  if (dayFirst?.[1] && dayFirst[2] && dayFirst[3]) {
    return build(dayFirst[3], monthIndex(dayFirst[2]), dayFirst[1]);
  }
  return undefined;
}

/** "Version 1.1", "the 3.0 version", "Version\t3.0", "VERSION 1.1 – 2026-03-04". */
export function extractVersion(text: string): string | undefined {
  return (
    /\bversion\W{0,3}(\d+(?:\.\d+)*)\b/i.exec(text)?.[1] ??
    /\b(\d+(?:\.\d+)+)\s+version\b/i.exec(text)?.[1]
  );
}

/** Telephone numbers in international form. */
export function extractPhoneNumbers(text: string): string[] {
  return [...text.matchAll(/\+\d{1,3}(?:[ .-]?(?:\(0\)|\d)){6,16}/g)].map((m) => m[0].trim());
}

/** The team's name and short name from its "Name of the team" section. */
export function extractTeamName(text: string): { name: string; shortName: string } {
  const clean = (s: string | undefined) =>
    (s ?? "")
      .replace(/[*“”"]/g, "")
      .replace(/\s+/g, " ")
      .trim();
  const name =
    /official name\s*:\s*(.+)/i.exec(text)?.[1] ??
    /name of the team is\s+(\*\*[^*]+\*\*|[^(.,\n]+)/i.exec(text)?.[1] ??
    text.split("\n").find((l) => l.trim() !== "");
  const shortName =
    /short name\s*:\s*(.+)/i.exec(text)?.[1] ??
    /(?:acronym|short name) is\s+[“"]?(\*\*[^*]+\*\*|[^”".,\n]+)/i.exec(text)?.[1];
  return { name: clean(name), shortName: clean(shortName) };
}

/** The default labels a policy promises for unlabelled information ("By default … TLP:GREEN and PAP:GREEN"). */
export function extractDefaultMarking(text: string): { tlp?: string; pap?: string } {
  for (const sentence of text.split(/(?<=[.!?])\s+/)) {
    if (!/default|unlabell?ed|without any (data )?classification/i.test(sentence)) continue;
    const tlp = /TLP\s*:\s*([A-Z+]+)/i.exec(sentence)?.[1];
    const pap = /PAP\s*:\s*([A-Z]+)/i.exec(sentence)?.[1];
    if (tlp || pap) {
      return {
        ...(tlp && parseTlp(tlp) ? { tlp: parseTlp(tlp) } : {}),
        ...(pap && parsePap(pap) ? { pap: parsePap(pap) } : {}),
      };
    }
  }
  return {};
}
