import { z } from "zod";
import { papLevels, tlpLevels } from "../marking/marking.ts";

const MAX_TEXT = 50_000;
const text = z.string().max(MAX_TEXT).default("");
const title = z.string().trim().min(1).max(300);

/** A sub-heading the team wrote under a section (2.7.1 "Thales CERT", 5.2.1 …). */
export const subsectionSchema = z.object({ title, text });

/**
 * The prose of one RFC 2350 section. `title` keeps the heading as the team wrote it
 * ("Mailing Address", "SPONSORING ORGANIZATION / AFFILIATION"); absent, the RFC's
 * own title is used.
 */
const blockFields = {
  title: title.optional(),
  text,
  subsections: z.array(subsectionSchema).max(50).default([]),
};
export const blockSchema = z.object(blockFields);
const block = blockSchema.prefault({});

/** A chapter heading and the text before its first numbered section. */
const chapter = z.object({ title: title.optional(), intro: text }).prefault({});

export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof weekdays)[number];

const clock = z.string().regex(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, "HH:MM (00:00 to 24:00)");
const interval = z
  .tuple([clock, clock])
  .refine(([start, end]) => start < end, "an interval ends after it starts");

/** Opening hours per weekday, the shape SLA calendars use: `{ mon: [["09:00","18:00"]], … }`. */
export const weeklyHoursSchema = z.object(
  Object.fromEntries(weekdays.map((d) => [d, z.array(interval).max(6).default([])])) as Record<
    Weekday,
    z.ZodDefault<z.ZodArray<typeof interval>>
  >,
);
export type WeeklyHours = z.infer<typeof weeklyHoursSchema>;

export const isoDate = z.iso.date();

export const holidaySchema = z.object({ date: isoDate, name: z.string().max(200).default("") });

/** An IANA time zone name that this runtime knows (Europe/Paris, UTC, …). */
export const ianaTimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: zone });
      return zone.includes("/") || ["UTC", "CET", "EET", "WET", "MET"].includes(zone);
    } catch {
      return false;
    }
  }, "an IANA time zone such as Europe/Paris");

export const emailPurposes = [
  "incident",
  "vulnerability",
  "abuse",
  "general",
  "phishing",
  "other",
] as const;
export type EmailPurpose = (typeof emailPurposes)[number];

export const profileKeyPurposes = ["cert", "psirt"] as const;

/** Written with or without spaces, stored as upper-case hex (`overwrite` keeps it serialisable). */
export const fingerprint = z
  .string()
  .max(100)
  .overwrite((v) => v.replace(/\s+/g, "").toUpperCase())
  .regex(/^[0-9A-F]{40}([0-9A-F]{24})?$/, "a 40 or 64 hex digit fingerprint");

export const profileKeySchema = z.object({
  purpose: z.enum(profileKeyPurposes),
  fingerprint,
  userId: z.string().max(300).default(""),
});

const email = z.email().max(254).trim().toLowerCase();

/** RFC 2350 as data: every section of the RFC, in its order, plus what Vigil derives from it. */
export const teamProfileSchema = z.object({
  /** Text before section 1 (title page, version history), table of contents excluded. */
  preamble: text,
  document: z
    .object({
      ...chapter.unwrap().shape,
      version: z.string().trim().min(1).max(40).default("1.0"),
      lastUpdated: isoDate.optional(),
      lastUpdate: block,
      distributionList: block,
      locations: block,
      authentication: block,
    })
    .prefault({}),
  contact: z
    .object({
      ...chapter.unwrap().shape,
      teamName: z.object({ ...blockFields, name: z.string().max(200).default("") }).prefault({}),
      shortName: z.string().max(100).default(""),
      address: block,
      timeZone: z.object({ ...blockFields, zone: ianaTimeZone.default("UTC") }).prefault({}),
      phone: z
        .object({ ...blockFields, numbers: z.array(z.string().max(60)).max(10).default([]) })
        .prefault({}),
      fax: block,
      otherTelecommunication: block,
      email: z
        .object({
          ...blockFields,
          addresses: z
            .array(z.object({ purpose: z.enum(emailPurposes), address: email }))
            .max(20)
            .default([]),
        })
        .prefault({}),
      publicKeys: z
        .object({ ...blockFields, keys: z.array(profileKeySchema).max(10).default([]) })
        .prefault({}),
      teamMembers: block,
      otherInformation: block,
      pointsOfContact: block,
      operatingHours: z
        .object({
          ...blockFields,
          weekly: weeklyHoursSchema.prefault({}),
          holidays: z.array(holidaySchema).max(400).default([]),
        })
        .prefault({}),
    })
    .prefault({}),
  charter: z
    .object({
      ...chapter.unwrap().shape,
      mission: block,
      constituency: block,
      sponsorship: block,
      authority: block,
    })
    .prefault({}),
  policies: z
    .object({
      ...chapter.unwrap().shape,
      incidentTypes: block,
      cooperation: block,
      communication: block,
      /** What unlabelled information is treated as: the intake default. */
      defaultTlp: z.enum(tlpLevels).default("GREEN"),
      defaultPap: z.enum(papLevels).default("GREEN"),
    })
    .prefault({}),
  services: z
    .object({
      ...chapter.unwrap().shape,
      incidentResponse: block,
      triage: block,
      coordination: block,
      resolution: block,
      proactive: block,
    })
    .prefault({}),
  reportingForms: block,
  disclaimers: block,
  /** Sections RFC 2350 does not name, kept where the team put them (chapter 1–7, or null: after 7). */
  extraSections: z
    .array(z.object({ chapter: z.number().int().min(1).max(7).nullable(), ...blockFields }))
    .max(100)
    .default([]),
  securityTxt: z
    .object({
      preferredLanguages: z
        .array(z.string().regex(/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/, "a language tag"))
        .max(20)
        .default(["en"]),
      policyUrl: z.url().optional(),
      acknowledgmentsUrl: z.url().optional(),
      hiringUrl: z.url().optional(),
      csafProviderMetadataUrl: z.url().optional(),
    })
    .prefault({}),
});

export type TeamProfile = z.infer<typeof teamProfileSchema>;
export type TeamProfileInput = z.input<typeof teamProfileSchema>;
export type Block = z.infer<typeof blockSchema>;
export type ProfileKey = z.infer<typeof profileKeySchema>;

export const profileFormats = ["text", "markdown", "html"] as const;
export type ProfileFormat = (typeof profileFormats)[number];

const keyCheckSchema = z.object({
  purpose: z.enum(profileKeyPurposes),
  fingerprint: z.string(),
  status: z.enum(["matches", "mismatch", "not-stored"]),
  storedFingerprint: z.string().nullable(),
  publicKeyUrl: z.string().nullable(),
});

export const profileViewSchema = z.object({
  revision: z.number().int(),
  documentVersion: z.string(),
  lastUpdated: z.string(),
  securityTxtExpiresAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  updatedBy: z.string(),
  profile: teamProfileSchema,
  keys: z.array(keyCheckSchema).describe("Every listed key with its fingerprint check"),
});

export const importResultSchema = profileViewSchema.extend({
  warnings: z.array(z.string()),
});

export const historyEntrySchema = z.object({
  revision: z.number().int(),
  documentVersion: z.string(),
  lastUpdated: z.string(),
  source: z.enum(["import", "edit"]),
  createdAt: z.iso.datetime(),
  createdBy: z.string(),
});

export const historyVersionSchema = historyEntrySchema.extend({ profile: teamProfileSchema });

export const updateProfileBody = z.strictObject({
  profile: teamProfileSchema,
  version: z.number().int().min(0).optional().describe("The revision you read (or If-Match)"),
});

export const importProfileBody = z.strictObject({
  text: z.string().min(1).max(1_000_000),
  version: z.number().int().min(0).optional(),
});

export const revisionParams = z.object({ revision: z.coerce.number().int().min(1).max(1e9) });

export const exportQuery = z.strictObject({
  format: z.enum(profileFormats).default("text"),
  sign: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});

export const exportResultSchema = z.object({
  format: z.enum(profileFormats),
  contentType: z.string(),
  signed: z.boolean(),
  content: z.string(),
});

export const renewBody = z.strictObject({
  days: z.number().int().min(1).max(364).optional().describe("Default: the configured 180 days"),
});
