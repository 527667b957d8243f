import { formatPap, formatTlp } from "../marking/marking.ts";
import type { Block, ProfileFormat, TeamProfile, WeeklyHours } from "./profile.schemas.ts";
import { weekdays } from "./profile.schemas.ts";
import {
  blockOf,
  chapters,
  fieldEntry,
  incidentResponseParts,
  isEmptyBlock,
  printOrder,
} from "./rfc2350-catalog.ts";
import { extractDate, extractVersion } from "./rfc2350-extract.ts";

/** A numbered section ready to print. */
export interface RenderedSection {
  number: string;
  title: string;
  body: string;
  children: RenderedSection[];
}

const DAY_LABELS: Record<(typeof weekdays)[number], string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

/** "Monday–Friday 09:00–18:00", "24/7", "Monday 08:00–12:00, 14:00–18:00; …", "closed". */
export function describeWeeklyHours(week: WeeklyHours): string {
  const spans = weekdays.map((d) => week[d].map(([a, b]) => `${a}–${b}`).join(", "));
  if (spans.every((s) => s === "00:00–24:00")) return "24/7";
  const groups: { from: number; to: number; hours: string }[] = [];
  spans.forEach((hours, i) => {
    const last = groups.at(-1);
    if (last && last.hours === hours && last.to === i - 1) last.to = i;
    else groups.push({ from: i, to: i, hours });
  });
  const open = groups.filter((g) => g.hours !== "");
  if (open.length === 0) return "no fixed hours";
  return open
    .map((g) => {
      const from = DAY_LABELS[weekdays[g.from] ?? "mon"];
      const days = g.from === g.to ? from : `${from}–${DAY_LABELS[weekdays[g.to] ?? "sun"]}`;
      return `${days} ${g.hours}`;
    })
    .join("; ");
}

const compactHex = (s: string) => s.replace(/\s+/g, "").toUpperCase();
const spacedFingerprint = (fp: string) => fp.replace(/(.{4})(?=.)/g, "$1 ");

/** Lines Vigil adds to a section from its structured fields, when the prose does not already say it. */
function generatedLines(profile: TeamProfile, field: string, block: Block): string[] {
  const text = [block.text, ...block.subsections.map((s) => s.text)].join("\n");
  const missing = (value: string) => value !== "" && !text.includes(value);
  const { contact, document: doc, policies } = profile;
  switch (field) {
    case "lastUpdate":
      if (extractVersion(text) === doc.version && extractDate(text) === doc.lastUpdated) return [];
      return [`Version ${doc.version}, last updated ${doc.lastUpdated ?? "(not set)"}.`];
    case "teamName":
      return [
        missing(contact.teamName.name) ? `Name: ${contact.teamName.name}` : "",
        missing(contact.shortName) ? `Short name: ${contact.shortName}` : "",
      ];
    case "timeZone":
      return missing(contact.timeZone.zone) ? [`Time zone: ${contact.timeZone.zone}`] : [];
    case "phone":
      return contact.phone.numbers.filter(missing);
    case "email":
      return contact.email.addresses
        .filter((a) => missing(a.address))
        .map((a) => `- ${a.purpose}: ${a.address}`);
    case "publicKeys":
      return contact.publicKeys.keys
        .filter((k) => !compactHex(text).includes(k.fingerprint))
        .map(
          (k) =>
            `- ${k.purpose.toUpperCase()} key${k.userId ? ` ${k.userId}` : ""}, fingerprint ${spacedFingerprint(k.fingerprint)}`,
        );
    case "operatingHours": {
      const hours = contact.operatingHours;
      const lines = [
        `Operating hours: ${describeWeeklyHours(hours.weekly)} (${contact.timeZone.zone}).`,
      ];
      if (hours.holidays.length > 0) {
        lines.push(
          `Closed on: ${hours.holidays.map((h) => (h.name ? `${h.date} (${h.name})` : h.date)).join(", ")}.`,
        );
      }
      return lines;
    }
    case "cooperation": {
      const all = [
        policies.incidentTypes.text,
        policies.cooperation.text,
        policies.communication.text,
      ];
      const tlp = formatTlp(policies.defaultTlp);
      const pap = formatPap(policies.defaultPap);
      return all.some((t) => t.includes(tlp) && t.includes(pap))
        ? []
        : [`Information received without a label is handled as ${tlp} and ${pap}.`];
    }
    default:
      return [];
  }
}

function hasStructuredContent(profile: TeamProfile, field: string): boolean {
  const { contact } = profile;
  if (field === "operatingHours") {
    const hours = contact.operatingHours;
    return weekdays.some((d) => hours.weekly[d].length > 0) || hours.holidays.length > 0;
  }
  if (field === "email") return contact.email.addresses.length > 0;
  if (field === "publicKeys") return contact.publicKeys.keys.length > 0;
  if (field === "lastUpdate" || field === "cooperation") return true;
  return false;
}

function sectionOf(
  number: string,
  rfcTitle: string,
  block: Block,
  generated: string[],
  extraChildren: RenderedSection[] = [],
): RenderedSection {
  const children = [
    ...extraChildren,
    ...block.subsections.map((s) => ({ title: s.title, body: s.text, children: [] })),
  ].map((c, i) => ({ ...c, number: `${number}.${i + 1}` }));
  return {
    number,
    title: block.title ?? rfcTitle,
    body: [generated.filter(Boolean).join("\n"), block.text].filter((s) => s.trim()).join("\n\n"),
    children: children.map((c) => renumber(c, c.number)),
  };
}

function renumber(section: RenderedSection, number: string): RenderedSection {
  return {
    ...section,
    number,
    children: section.children.map((c, i) => renumber(c, `${number}.${i + 1}`)),
  };
}

/** The profile as RFC 2350's numbered outline: empty sections left out, extras where the team put them. */
export function profileSections(profile: TeamProfile): RenderedSection[] {
  const out: RenderedSection[] = [];
  for (const chapter of chapters) {
    const number = String(chapter.number);
    const holder = blockOf(profile, chapter.key) as Block & { intro?: string };
    const children: RenderedSection[] = [];
    const order = printOrder[chapter.key as keyof typeof printOrder] ?? [];
    for (const entry of order.map(fieldEntry)) {
      const block = blockOf(profile, entry.chapter, entry.field);
      const generated = generatedLines(profile, entry.field, block);
      let parts: RenderedSection[] = [];
      if (entry.field === "incidentResponse") {
        parts = incidentResponseParts
          .map((part) => ({ part, block: blockOf(profile, "services", part) }))
          .filter(({ block: b }) => !isEmptyBlock(b))
          .map(({ part, block: b }) => sectionOf("", fieldEntry(part).rfcTitle, b, []));
      }
      if (
        isEmptyBlock(block) &&
        !hasStructuredContent(profile, entry.field) &&
        parts.length === 0
      ) {
        continue;
      }
      children.push(sectionOf("", entry.rfcTitle, block, generated, parts));
    }
    for (const extra of profile.extraSections.filter((e) => e.chapter === chapter.number)) {
      children.push(sectionOf("", extra.title ?? "", extra, []));
    }
    const isBlockChapter = holder.intro === undefined;
    const body = isBlockChapter ? holder.text : (holder.intro ?? "");
    const own = isBlockChapter
      ? holder.subsections.map((s) => ({
          title: s.title,
          body: s.text,
          children: [] as RenderedSection[],
          number: "",
        }))
      : [];
    if (body.trim() === "" && children.length === 0 && own.length === 0 && !holder.title) continue;
    out.push(
      renumber(
        { number, title: holder.title ?? chapter.rfcTitle, body, children: [...own, ...children] },
        String(out.length + 1),
      ),
    );
  }
  for (const extra of profile.extraSections.filter((e) => e.chapter === null)) {
    out.push(renumber(sectionOf("", extra.title ?? "", extra, []), String(out.length + 1)));
  }
  return out;
}

function flatten(sections: RenderedSection[]): (RenderedSection & { depth: number })[] {
  return sections.flatMap((s) => [
    { ...s, depth: s.number.split(".").length },
    ...flatten(s.children),
  ]);
}

function headerLines(profile: TeamProfile): string[] {
  const name = profile.contact.teamName.name || profile.contact.shortName || "the team";
  return [
    `RFC 2350 description of ${name}`,
    `Version ${profile.document.version}, last updated ${profile.document.lastUpdated ?? "(not set)"}`,
  ];
}

/** Plain text in the numbered layout of published RFC 2350 documents ("2.7.1. Title"). */
export function renderText(profile: TeamProfile): string {
  const parts = [headerLines(profile).join("\n"), profile.preamble];
  for (const s of flatten(profileSections(profile))) {
    parts.push(`${s.number}. ${s.title}`, s.body);
  }
  return `${parts.filter((p) => p.trim() !== "").join("\n\n")}\n`;
}

export function renderMarkdown(profile: TeamProfile): string {
  const [title, version] = headerLines(profile);
  const parts = [`# ${title}`, `_${version}_`, profile.preamble];
  for (const s of flatten(profileSections(profile))) {
    parts.push(`${"#".repeat(Math.min(s.depth + 1, 6))} ${s.number}. ${s.title}`, s.body);
  }
  return `${parts.filter((p) => p.trim() !== "").join("\n\n")}\n`;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Paragraphs and "- " lists; everything the team wrote is escaped, never interpreted. */
function htmlBody(text: string): string {
  return text
    .split(/\n\s*\n/)
    .filter((p) => p.trim() !== "")
    .map((paragraph) => {
      const lines = paragraph.split("\n");
      if (lines.every((l) => /^\s*[-•]\s/.test(l))) {
        const items = lines.map((l) => `<li>${escapeHtml(l.replace(/^\s*[-•]\s+/, ""))}</li>`);
        return `<ul>${items.join("")}</ul>`;
      }
      return `<p>${lines.map(escapeHtml).join("<br>\n")}</p>`;
    })
    .join("\n");
}

export function renderHtml(profile: TeamProfile): string {
  const [title, version] = headerLines(profile).map((l) => escapeHtml(l));
  const body = [`<h1>${title}</h1>`, `<p><em>${version}</em></p>`, htmlBody(profile.preamble)];
  for (const s of flatten(profileSections(profile))) {
    const level = Math.min(s.depth + 1, 6);
    body.push(`<h${level}>${escapeHtml(`${s.number}. ${s.title}`)}</h${level}>`, htmlBody(s.body));
  }
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${title}</title></head>`,
    `<body>\n${body.filter(Boolean).join("\n")}\n</body></html>`,
    "",
  ].join("\n");
}

export const contentTypes: Record<ProfileFormat, string> = {
  text: "text/plain; charset=utf-8",
  markdown: "text/markdown; charset=utf-8",
  html: "text/html; charset=utf-8",
};

export function renderProfile(profile: TeamProfile, format: ProfileFormat): string {
  if (format === "markdown") return renderMarkdown(profile);
  if (format === "html") return renderHtml(profile);
  return renderText(profile);
}
