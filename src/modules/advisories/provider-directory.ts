import { desc } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { teamKeyPath } from "../keys/key-views.ts";
import type { PsirtSettings } from "../psirt/psirt-settings.ts";
import { type AdvisoryRow, psirtAdvisories } from "./advisories.tables.ts";
import { advisoryNotFound } from "./publish-advisory.ts";

type DirectorySettings = Pick<
  PsirtSettings,
  "publicBaseUrl" | "publisherName" | "publisherNamespace" | "publisherContact"
>;

/** The current revision of every published advisory, newest first, with its directory path. */
async function currentAdvisories(db: Db): Promise<(AdvisoryRow & { path: string })[]> {
  const rows = await db
    .select()
    .from(psirtAdvisories)
    .orderBy(desc(psirtAdvisories.publishedAt), desc(psirtAdvisories.revision));
  const firstPublished = new Map<string, Date>();
  for (const r of rows) firstPublished.set(r.trackingId, r.publishedAt);
  const seen = new Set<string>();
  const out: (AdvisoryRow & { path: string })[] = [];
  for (const r of rows) {
    if (seen.has(r.trackingId)) continue;
    seen.add(r.trackingId);
    const year = (firstPublished.get(r.trackingId) ?? r.publishedAt).getUTCFullYear();
    out.push({ ...r, path: `${year}/${r.fileName}` });
  }
  return out;
}

/**
 * CSAF 2.0 provider-metadata.json for a trusted provider (§7.1.20): the TLP:WHITE
 * directory distribution and the PSIRT keys that sign the documents.
 */
export async function getProviderMetadata(
  db: Db,
  settings: DirectorySettings,
): Promise<Record<string, unknown>> {
  const base = settings.publicBaseUrl.replace(/\/+$/, "");
  const advisories = await currentAdvisories(db);
  const fingerprints = [...new Set(advisories.map((a) => a.signerFingerprint))];
  return {
    canonical_url: `${base}/.well-known/csaf/provider-metadata.json`,
    distributions: [{ directory_url: `${base}/.well-known/csaf/white/` }],
    last_updated: (advisories[0]?.publishedAt ?? new Date(0)).toISOString(),
    list_on_CSAF_aggregators: true,
    metadata_version: "2.0",
    mirror_on_CSAF_aggregators: true,
    public_openpgp_keys: fingerprints.map((fingerprint) => ({
      fingerprint,
      url: `${base}${teamKeyPath(fingerprint)}`,
    })),
    publisher: {
      category: "vendor",
      contact_details: settings.publisherContact,
      name: settings.publisherName,
      namespace: settings.publisherNamespace,
    },
    role: "csaf_trusted_provider",
  };
}

/** `index.txt`: one path per current document (CSAF §7.1.13). */
export async function getDirectoryIndex(db: Db): Promise<string> {
  const rows = await currentAdvisories(db);
  return rows.map((r) => `${r.path}\n`).join("");
}

/** `changes.csv`: path and last change, newest first (CSAF §7.1.14). */
export async function getDirectoryChanges(db: Db): Promise<string> {
  const rows = await currentAdvisories(db);
  return rows.map((r) => `"${r.path}","${r.publishedAt.toISOString()}"\n`).join("");
}

export type DirectoryFileKind = "json" | "sha512" | "asc";

/** One file of the directory: the document, its SHA-512 line (`sha512sum -c` format) or signature. */
export async function getDirectoryFile(
  db: Db,
  input: { year: string; fileName: string; kind: DirectoryFileKind },
): Promise<string> {
  const rows = await currentAdvisories(db);
  const row = rows.find((r) => r.path === `${input.year}/${input.fileName}`);
  if (!row) throw advisoryNotFound(`${input.year}/${input.fileName}`);
  if (input.kind === "sha512") return `${row.sha512}  ${row.fileName}\n`;
  if (input.kind === "asc") return row.signature;
  return row.csafJson;
}

/** The human-readable rendering of a current advisory, by its CSAF file name. */
export async function getAdvisoryText(
  db: Db,
  input: { fileName: string; format: "html" | "md" },
): Promise<string> {
  const row = (await currentAdvisories(db)).find((r) => r.fileName === input.fileName);
  if (!row) throw advisoryNotFound(input.fileName);
  return input.format === "html" ? row.html : row.markdown;
}
