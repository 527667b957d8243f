import type { Block, TeamProfile } from "./profile.schemas.ts";

/** The chapters of RFC 2350 §3 that hold an introduction and named sections. */
export const chapterKeys = ["document", "contact", "charter", "policies", "services"] as const;
export type ChapterKey = (typeof chapterKeys)[number];

/** Chapters 6 and 7 are a single block each. */
export type BlockChapterKey = "reportingForms" | "disclaimers";

export interface ChapterEntry {
  number: number;
  key: ChapterKey | BlockChapterKey;
  rfcTitle: string;
  pattern: RegExp;
}

export const chapters: ChapterEntry[] = [
  {
    number: 1,
    key: "document",
    rfcTitle: "Document Information",
    pattern: /document|about this/,
  },
  { number: 2, key: "contact", rfcTitle: "Contact Information", pattern: /contact/ },
  { number: 3, key: "charter", rfcTitle: "Charter", pattern: /charter/ },
  { number: 4, key: "policies", rfcTitle: "Policies", pattern: /polic/ },
  { number: 5, key: "services", rfcTitle: "Services", pattern: /service/ },
  {
    number: 6,
    key: "reportingForms",
    rfcTitle: "Incident Reporting Forms",
    pattern: /reporting form/,
  },
  { number: 7, key: "disclaimers", rfcTitle: "Disclaimers", pattern: /disclaimer/ },
];

/** A named section of a chapter: `chapter.field` in the profile. */
export interface FieldEntry {
  chapter: ChapterKey | BlockChapterKey;
  field: string;
  rfcTitle: string;
  /** Matched against the normalised heading; the first entry that matches wins. */
  pattern: RegExp;
}

/** In RFC 2350 order; earlier patterns take precedence (fax before phone, e-mail before address). */
export const fields: FieldEntry[] = [
  {
    chapter: "document",
    field: "lastUpdate",
    rfcTitle: "Date of Last Update",
    pattern: /last update/,
  },
  {
    chapter: "document",
    field: "distributionList",
    rfcTitle: "Distribution List for Notifications",
    pattern: /distribution list/,
  },
  {
    chapter: "document",
    field: "locations",
    rfcTitle: "Locations where this Document May Be Found",
    pattern: /where this document|location.* (document|found)/,
  },
  {
    chapter: "policies",
    field: "communication",
    rfcTitle: "Communication and Authentication",
    pattern: /communication/,
  },
  {
    chapter: "document",
    field: "authentication",
    rfcTitle: "Authenticating this Document",
    pattern: /authenticat/,
  },
  {
    chapter: "contact",
    field: "teamName",
    rfcTitle: "Name of the Team",
    pattern: /name of the team|team name/,
  },
  {
    chapter: "contact",
    field: "email",
    rfcTitle: "Electronic Mail Address",
    pattern: /e ?mail|mailing address/,
  },
  { chapter: "contact", field: "address", rfcTitle: "Address", pattern: /^(postal )?address$/ },
  { chapter: "contact", field: "timeZone", rfcTitle: "Time Zone", pattern: /time ?zone/ },
  { chapter: "contact", field: "fax", rfcTitle: "Facsimile Number", pattern: /facsimile|fax/ },
  {
    chapter: "contact",
    field: "otherTelecommunication",
    rfcTitle: "Other Telecommunication",
    pattern: /other telecommunication/,
  },
  { chapter: "contact", field: "phone", rfcTitle: "Telephone Number", pattern: /telephone|phone/ },
  {
    chapter: "contact",
    field: "publicKeys",
    rfcTitle: "Public Keys and Encryption Information",
    pattern: /public keys?|encryption information/,
  },
  { chapter: "contact", field: "teamMembers", rfcTitle: "Team Members", pattern: /team members/ },
  {
    chapter: "contact",
    field: "otherInformation",
    rfcTitle: "Other Information",
    pattern: /other information/,
  },
  {
    chapter: "contact",
    field: "pointsOfContact",
    rfcTitle: "Points of Customer Contact",
    pattern: /points? of (customer )?contact/,
  },
  {
    chapter: "contact",
    field: "operatingHours",
    rfcTitle: "Operating Hours",
    pattern: /operating hours|hours of operation|business hours|working hours|holidays/,
  },
  { chapter: "charter", field: "mission", rfcTitle: "Mission Statement", pattern: /mission/ },
  { chapter: "charter", field: "constituency", rfcTitle: "Constituency", pattern: /constituency/ },
  {
    chapter: "charter",
    field: "sponsorship",
    rfcTitle: "Sponsorship and/or Affiliation",
    pattern: /sponsor|affiliation/,
  },
  { chapter: "charter", field: "authority", rfcTitle: "Authority", pattern: /authority/ },
  {
    chapter: "policies",
    field: "incidentTypes",
    rfcTitle: "Types of Incidents and Level of Support",
    pattern: /types of incidents|level of support/,
  },
  {
    chapter: "policies",
    field: "cooperation",
    rfcTitle: "Co-operation, Interaction and Disclosure of Information",
    pattern: /co ?operation|disclosure of information/,
  },
  {
    chapter: "services",
    field: "incidentResponse",
    rfcTitle: "Incident Response",
    pattern: /^incident (response|handling)$/,
  },
  { chapter: "services", field: "triage", rfcTitle: "Incident Triage", pattern: /triage/ },
  {
    chapter: "services",
    field: "coordination",
    rfcTitle: "Incident Coordination",
    pattern: /^incident coordination$/,
  },
  {
    chapter: "services",
    field: "resolution",
    rfcTitle: "Incident Resolution",
    pattern: /^incident resolution$/,
  },
  {
    chapter: "services",
    field: "proactive",
    rfcTitle: "Proactive Activities",
    pattern: /proactive/,
  },
];

/** The order sections are printed in: RFC 2350's (the pattern list above is in matching order). */
export const printOrder: Record<ChapterKey, string[]> = {
  document: ["lastUpdate", "distributionList", "locations", "authentication"],
  contact: [
    "teamName",
    "address",
    "timeZone",
    "phone",
    "fax",
    "otherTelecommunication",
    "email",
    "publicKeys",
    "teamMembers",
    "otherInformation",
    "pointsOfContact",
    "operatingHours",
  ],
  charter: ["mission", "constituency", "sponsorship", "authority"],
  policies: ["incidentTypes", "cooperation", "communication"],
  services: ["incidentResponse", "proactive"],
};

export function fieldEntry(field: string): FieldEntry {
  const entry = fields.find((f) => f.field === field);
  if (!entry) throw new Error(`no RFC 2350 field ${field}`);
  return entry;
}

/** Incident triage, coordination and resolution are RFC 2350's 5.1.1–5.1.3. */
export const incidentResponseParts = ["triage", "coordination", "resolution"] as const;

/** The block a catalogue entry names, inside a profile. */
export function blockOf(profile: TeamProfile, chapter: string, field?: string): Block {
  const holder = (profile as unknown as Record<string, Record<string, unknown>>)[chapter];
  if (!holder) throw new Error(`no chapter ${chapter}`);
  return (field ? holder[field] : holder) as Block;
}

export function isEmptyBlock(block: Block): boolean {
  return block.text.trim() === "" && block.subsections.length === 0 && !block.title;
}
