import { DomainError } from "../../platform/errors.ts";
import { type Block, type TeamProfile, teamProfileSchema } from "./profile.schemas.ts";
import { blockOf, chapters, fields, isEmptyBlock } from "./rfc2350-catalog.ts";
import {
  extractDate,
  extractDefaultMarking,
  extractEmails,
  extractKeys,
  extractPhoneNumbers,
  extractTeamName,
  extractTimeZone,
  extractVersion,
  extractWeeklyHours,
} from "./rfc2350-extract.ts";
import { normaliseHeading, type OutlineSection, parseRfc2350Outline } from "./rfc2350-parser.ts";

export interface ImportedProfile {
  profile: TeamProfile;
  /** What the importer could not recognise and assumed instead. */
  warnings: string[];
}

type Extra = TeamProfile["extraSections"][number];

/** Where sections go while walking the outline: the block that receives sub-sections. */
interface WalkState {
  chapter: number | null;
  parent: Block | null;
}

/** The field a heading names; chapters 6 and 7 are recognised at any depth (Cheops' 5.3, 5.4). */
function fieldFor(title: string): { chapter: string; field?: string } | undefined {
  const heading = normaliseHeading(title);
  const field = fields.find((f) => f.pattern.test(heading));
  if (field) return field;
  const block = chapters.find((c) => c.number >= 6 && c.pattern.test(heading));
  return block ? { chapter: block.key } : undefined;
}

function fill(block: Block, section: OutlineSection): void {
  block.title = section.title;
  block.text = section.body;
}

function placeChapter(profile: TeamProfile, section: OutlineSection, state: WalkState): void {
  const heading = normaliseHeading(section.title);
  const entry = chapters.find((c) => c.pattern.test(heading));
  const target = entry ? blockOf(profile, entry.key) : undefined;
  const taken = target && ("intro" in target ? target.title !== undefined : !isEmptyBlock(target));
  if (entry && target && !taken) {
    state.chapter = entry.number;
    if ("intro" in target) {
      (target as unknown as { title: string; intro: string }).title = section.title;
      (target as unknown as { intro: string }).intro = section.body;
      state.parent = null;
    } else {
      fill(target, section);
      state.parent = target;
    }
    return;
  }
  const extra: Extra = { chapter: null, title: section.title, text: section.body, subsections: [] };
  profile.extraSections.push(extra);
  state.chapter = null;
  state.parent = extra;
}

/**
 * Maps an RFC 2350 text onto the structured profile. Known headings (whatever
 * their number or spelling) fill their field; anything else is kept in
 * `extraSections` or as a sub-section, so no section of the document is lost.
 * Structured facts (addresses, keys, hours, time zone, TLP/PAP default) are then
 * read from the text.
 */
export function profileFromRfc2350(text: string, options: { today: string }): ImportedProfile {
  const outline = parseRfc2350Outline(text);
  if (outline.sections.length === 0) {
    throw new DomainError(
      "VALIDATION_FAILED",
      'No numbered RFC 2350 sections found (expected headings such as "1. Document Information").',
    );
  }
  const profile = teamProfileSchema.parse({});
  profile.preamble = outline.preamble;
  const state: WalkState = { chapter: null, parent: null };
  let lastSubsection: { title: string; text: string } | null = null;
  for (const section of outline.sections) {
    const depth = section.number.length;
    if (depth === 1) {
      placeChapter(profile, section, state);
      lastSubsection = null;
      continue;
    }
    const field = fieldFor(section.title);
    const target = field ? blockOf(profile, field.chapter, field.field) : undefined;
    if (target && isEmptyBlock(target) && depth <= 3) {
      fill(target, section);
      if (depth === 2) state.parent = target;
      lastSubsection = null;
      continue;
    }
    if (depth === 2) {
      const extra: Extra = {
        chapter: state.chapter,
        title: section.title,
        text: section.body,
        subsections: [],
      };
      profile.extraSections.push(extra);
      state.parent = extra;
      lastSubsection = null;
    } else if (depth === 3 && state.parent) {
      lastSubsection = { title: section.title, text: section.body };
      state.parent.subsections.push(lastSubsection);
    } else {
      // Deeper than RFC 2350 goes: kept, with its heading, in the text above it.
      const holder = lastSubsection ?? state.parent;
      const addition = `${section.title}\n\n${section.body}`.trim();
      if (holder) holder.text = [holder.text, addition].filter(Boolean).join("\n\n");
      else {
        profile.extraSections.push({ chapter: state.chapter, ...fromSection(section) });
      }
    }
  }
  const warnings = readStructuredFacts(profile, options.today);
  return { profile: teamProfileSchema.parse(profile), warnings };
}

function fromSection(section: OutlineSection): Block & { title: string } {
  return { title: section.title, text: section.body, subsections: [] };
}

const allText = (block: Block) =>
  [block.text, ...block.subsections.map((s) => `${s.title}\n${s.text}`)].join("\n\n");

function readStructuredFacts(profile: TeamProfile, today: string): string[] {
  const warnings: string[] = [];
  const { document: doc, contact, policies } = profile;
  const chapterExtras = (n: number) =>
    profile.extraSections.filter((e) => e.chapter === n).map(allText);
  const documentTexts = [allText(doc.lastUpdate), doc.intro, ...chapterExtras(1), profile.preamble];

  const version = documentTexts.map(extractVersion).find(Boolean);
  if (version) doc.version = version;
  else warnings.push("No document version found; 1.0 assumed.");
  doc.lastUpdated = documentTexts.map(extractDate).find(Boolean);
  if (!doc.lastUpdated) {
    doc.lastUpdated = today;
    warnings.push(`No date of last update found; ${today} assumed.`);
  }

  const name = extractTeamName(contact.teamName.text);
  contact.teamName.name = name.name;
  contact.shortName = name.shortName;

  const zone = extractTimeZone(contact.timeZone.text);
  if (zone) contact.timeZone.zone = zone.zone;
  if (!zone) warnings.push("No time zone recognised; UTC assumed.");
  else if (!zone.exact) {
    warnings.push(
      `Time zone read as the IANA zone ${zone.zone}; set a city zone (such as Europe/Paris) if you prefer.`,
    );
  }

  contact.phone.numbers = extractPhoneNumbers(contact.phone.text);
  const mailTexts = [allText(contact.email), allText(contact.pointsOfContact)];
  contact.email.addresses = extractEmails(mailTexts.join("\n\n"));
  if (contact.email.addresses.length === 0) warnings.push("No e-mail address recognised.");

  contact.publicKeys.keys = extractKeys([
    { title: "", text: contact.publicKeys.text },
    ...contact.publicKeys.subsections,
  ]);

  const hoursSources = [
    allText(contact.operatingHours),
    allText(contact.pointsOfContact),
    allText(contact.otherInformation),
    contact.intro,
  ];
  const weekly = hoursSources.map(extractWeeklyHours).find((w) => w !== null);
  if (weekly) contact.operatingHours.weekly = weekly;
  else warnings.push("No operating hours recognised; set them for the SLA calendar.");

  const policyText = [
    policies.intro,
    allText(policies.incidentTypes),
    allText(policies.cooperation),
    allText(policies.communication),
    ...chapterExtras(4),
  ].join("\n\n");
  const marking = extractDefaultMarking(policyText);
  if (marking.tlp) policies.defaultTlp = marking.tlp as TeamProfile["policies"]["defaultTlp"];
  if (marking.pap) policies.defaultPap = marking.pap as TeamProfile["policies"]["defaultPap"];
  return warnings;
}
