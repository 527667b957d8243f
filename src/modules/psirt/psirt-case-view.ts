import { z } from "zod";
import { tlpOutput } from "../marking/marking.ts";
import { type CvssScore, scoreCvss } from "./cvss.ts";
import { embargoActive, formatInZone } from "./embargo-rules.ts";
import type { PsirtCaseRow, PsirtPartyRow } from "./psirt.tables.ts";
import { allowedPsirtTransitions, type PsirtStatus, psirtStatuses } from "./psirt-rules.ts";
import { affectedProductSchema, creditSchema } from "./psirt-types.ts";

export const partyKinds = ["vendor", "researcher", "cert", "coordinator"] as const;
/** `unknown` until a party answers: silence is never `not_affected`. */
export const partyStatuses = [
  "notified",
  "acknowledged",
  "affected",
  "not_affected",
  "unknown",
  "fixed",
] as const;

const cvssSchema = z.object({
  version: z.enum(["3.1", "4.0"]),
  vectorString: z.string(),
  baseScore: z.number(),
  baseSeverity: z.string(),
});

export const partyViewSchema = z.object({
  id: z.uuid(),
  kind: z.enum(partyKinds),
  name: z.string(),
  email: z.string().nullable(),
  timeZone: z.string(),
  status: z.enum(partyStatuses),
  /** The disclosure date in the party's own zone. */
  embargoLocal: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type PartyView = z.infer<typeof partyViewSchema>;

export const psirtCaseViewSchema = z.object({
  id: z.uuid(),
  ref: z.number().int(),
  tenantId: z.uuid(),
  title: z.string(),
  status: z.enum(psirtStatuses),
  allowedTransitions: z.array(z.enum(psirtStatuses)),
  reporter: z.object({
    name: z.string().nullable(),
    email: z.string().nullable(),
    pgpFingerprint: z.string().nullable(),
  }),
  sourceReportId: z.uuid().nullable(),
  description: z.string(),
  impact: z.string(),
  workaround: z.string(),
  internalNotes: z.string(),
  cweIds: z.array(z.string()),
  affected: z.array(affectedProductSchema),
  fixVersions: z.array(z.string()),
  credits: z.array(creditSchema),
  references: z.array(z.string()),
  cvssV31: cvssSchema.nullable(),
  cvssV40: cvssSchema.nullable(),
  tlp: tlpOutput,
  embargo: z
    .object({
      until: z.iso.datetime().describe("UTC"),
      zone: z.string().describe("IANA zone the date was set in"),
      local: z.string().describe("The date in `zone`, with offset"),
      viewer: z.string().optional().describe("The date in the zone asked for with ?timeZone="),
      active: z.boolean(),
    })
    .nullable(),
  parties: z.array(partyViewSchema),
  cve: z.object({ id: z.string(), source: z.string(), state: z.string() }).nullable(),
  disclosedAt: z.iso.datetime().nullable(),
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type PsirtCaseView = z.infer<typeof psirtCaseViewSchema>;

function cvssOrNull(vector: string | null): CvssScore | null {
  return vector ? scoreCvss(vector) : null;
}

export function toPartyView(row: PsirtPartyRow, embargoUntil: Date | null): PartyView {
  return {
    id: row.id,
    kind: row.kind as PartyView["kind"],
    name: row.name,
    email: row.email,
    timeZone: row.timeZone,
    status: row.status as PartyView["status"],
    embargoLocal: embargoUntil ? formatInZone(embargoUntil, row.timeZone) : null,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toPsirtCaseView(
  row: PsirtCaseRow,
  parties: PsirtPartyRow[],
  options: { viewerZone?: string | undefined; now?: Date } = {},
): PsirtCaseView {
  const status = row.status as PsirtStatus;
  const until = row.embargoUntil;
  const zone = row.embargoZone ?? "UTC";
  return {
    id: row.id,
    ref: row.ref,
    tenantId: row.tenantId,
    title: row.title,
    status,
    allowedTransitions: [...allowedPsirtTransitions(status)],
    reporter: {
      name: row.reporterName,
      email: row.reporterEmail,
      pgpFingerprint: row.reporterPgpFingerprint,
    },
    sourceReportId: row.sourceReportId,
    description: row.description,
    impact: row.impact,
    workaround: row.workaround,
    internalNotes: row.internalNotes,
    cweIds: row.cweIds,
    affected: row.affected,
    fixVersions: row.fixVersions,
    credits: row.credits,
    references: row.referenceUrls,
    cvssV31: cvssOrNull(row.cvssV31),
    cvssV40: cvssOrNull(row.cvssV40),
    tlp: row.tlp as PsirtCaseView["tlp"],
    embargo: until
      ? {
          until: until.toISOString(),
          zone,
          local: formatInZone(until, zone),
          ...(options.viewerZone ? { viewer: formatInZone(until, options.viewerZone) } : {}),
          active: embargoActive({ until, zone }, options.now ?? new Date()),
        }
      : null,
    parties: parties.map((p) => toPartyView(p, until)),
    cve:
      row.cveId && row.cveSource && row.cveState
        ? { id: row.cveId, source: row.cveSource, state: row.cveState }
        : null,
    disclosedAt: row.disclosedAt?.toISOString() ?? null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
