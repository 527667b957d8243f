import { z } from "zod";
import { pageQuery, pageSchema } from "../../platform/pagination.ts";
import { tlpInput } from "../marking/marking.ts";
import { partyKinds, partyStatuses, psirtCaseViewSchema } from "./psirt-case-view.ts";
import { psirtStatuses } from "./psirt-rules.ts";
import { affectedProductSchema, creditSchema, productVersionSchema } from "./psirt-types.ts";

const statusInput = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .trim()
          .toLowerCase()
          .replace(/[\s-]+/g, "_")
      : v,
  z.enum(psirtStatuses),
);
const text = z.string().max(100_000);
const cvssVector = z.string().max(300);
const cweList = z.array(z.string().max(20)).max(20);
const urlList = z.array(z.url().max(2000)).max(100);

export const caseIdParams = z.object({
  id: z.string().min(1).max(64).describe("Vulnerability case UUID or reference number"),
});

export const createCaseBody = z.strictObject({
  title: z.string().trim().min(1).max(300),
  reporter: z
    .strictObject({
      name: z.string().max(200).optional(),
      email: z.email().max(254).optional(),
      pgpFingerprint: z
        .string()
        .max(100)
        .regex(/^(0x)?[0-9a-fA-F\s]{40,80}$/, "an OpenPGP fingerprint (hex)")
        .optional(),
    })
    .optional(),
  description: text.optional(),
  impact: text.optional(),
  workaround: text.optional(),
  internalNotes: text.optional().describe("Never published"),
  cweIds: cweList.optional(),
  affected: z.array(affectedProductSchema).max(200).optional(),
  fixVersions: z.array(z.string().max(100)).max(100).optional(),
  credits: z.array(creditSchema).max(50).optional(),
  references: urlList.optional(),
  cvssV31: cvssVector.optional(),
  cvssV40: cvssVector.optional(),
  tlp: tlpInput.optional(),
  tenant: z.string().max(64).optional(),
  sourceReportId: z.string().max(64).optional(),
});

export const updateCaseBody = z.strictObject({
  version: z.number().int().min(1).optional().describe("Alternative to the If-Match header"),
  title: z.string().trim().min(1).max(300).optional(),
  description: text.optional(),
  impact: text.optional(),
  workaround: text.optional(),
  internalNotes: text.optional(),
  cweIds: cweList.optional(),
  affected: z.array(affectedProductSchema).max(200).optional(),
  fixVersions: z.array(z.string().max(100)).max(100).optional(),
  credits: z.array(creditSchema).max(50).optional(),
  references: urlList.optional(),
  cvssV31: cvssVector.nullable().optional(),
  cvssV40: cvssVector.nullable().optional(),
  tlp: tlpInput.optional(),
});

export const transitionCaseBody = z.strictObject({
  status: statusInput,
  version: z.number().int().min(1).optional(),
  reason: z.string().max(2000).optional(),
});

export const embargoBody = z.strictObject({
  at: z
    .string()
    .max(40)
    .nullable()
    .describe(
      "Disclosure date-time: wall time in timeZone (2030-05-01T09:00) or with offset; null lifts it",
    ),
  timeZone: z.string().max(64).optional().describe("IANA zone, required with a date"),
  version: z.number().int().min(1).optional(),
});

export const viewQuery = z.strictObject({
  timeZone: z.string().max(64).optional().describe("Also show the embargo in this IANA zone"),
});

export const listCasesQuery = z.strictObject({
  ...pageQuery,
  status: statusInput.optional(),
  q: z.string().max(200).optional(),
});

export const partyBody = z.strictObject({
  kind: z.enum(partyKinds),
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254).optional(),
  timeZone: z.string().max(64).optional(),
});

export const partyParams = z.object({ id: z.string().min(1).max(64), partyId: z.uuid() });
export const partyStatusBody = z.strictObject({
  status: z.enum(partyStatuses),
  note: z.string().max(2000).optional(),
});

export const messageBody = z.strictObject({
  direction: z.enum(["inbound", "outbound"]),
  messageId: z.string().min(1).max(998),
  subject: z.string().max(998).optional(),
  partyId: z.uuid().optional(),
  encrypted: z.boolean().optional(),
});

export const reserveCveBody = z.strictObject({
  source: z.enum(["pool", "services"]).default("pool"),
});

export const cveActionBody = z.strictObject({
  reason: z.string().max(2000).optional().describe("Required wording for a rejection"),
});

export const cvePoolBody = z
  .strictObject({
    ids: z.array(z.string().max(30)).max(10_000).optional(),
    range: z
      .strictObject({
        year: z.number().int().min(1999).max(2999),
        from: z.number().int().min(1).max(9_999_999),
        to: z.number().int().min(1).max(9_999_999),
      })
      .optional(),
  })
  .refine((b) => b.ids || b.range, { message: "give ids and/or range" });

export const productBody = z.strictObject({
  vendor: z.string().trim().min(1).max(200),
  name: z.string().trim().min(1).max(200),
  cpe: z.string().max(500).optional(),
  purl: z.string().max(500).optional(),
  versions: z.array(productVersionSchema).max(500).optional(),
  tenant: z.string().max(64).optional(),
});

export const updateProductBody = z.strictObject({
  version: z.number().int().min(1).optional(),
  vendor: z.string().trim().min(1).max(200).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  cpe: z.string().max(500).nullable().optional(),
  purl: z.string().max(500).nullable().optional(),
  versions: z.array(productVersionSchema).max(500).optional(),
});
export const productParams = z.object({ id: z.uuid() });

export const casePageSchema = pageSchema(psirtCaseViewSchema);
