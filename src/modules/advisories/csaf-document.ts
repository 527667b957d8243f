import { scoreCvss } from "../psirt/cvss.ts";
import { cweName } from "../psirt/cwe.ts";
import type { PsirtCaseRow } from "../psirt/psirt.tables.ts";
import type { ProductVersion } from "../psirt/psirt-types.ts";
import { statusOfVersion } from "../psirt/version-ranges.ts";

type Json = Record<string, unknown>;

export interface CsafContext {
  publisherName: string;
  publisherNamespace: string;
  publisherContact: string;
  /** Catalogue versions by product id, to expand ranges into concrete versions. */
  catalogue: Map<string, ProductVersion[]>;
  /** Earlier published revisions, oldest first. */
  history: { revision: number; publishedAt: Date; summary: string }[];
  /** The revision being generated and when. */
  revision: number;
  now: Date;
  /** TLP 2.0 label of the distribution; CSAF 2.0 speaks TLP 1.0. */
  tlp: string;
  /** Public URL of the human-readable advisory (document reference). */
  htmlUrl: string;
  /** Public URL of this CSAF document (self reference), when published. */
  selfUrl?: string | undefined;
  generatorVersion: string;
}

/** The tracking id of a case's advisory: stable across revisions. */
export function trackingIdOf(row: Pick<PsirtCaseRow, "ref" | "createdAt">, prefix: string): string {
  const clean =
    prefix
      .toUpperCase()
      .replace(/[^A-Z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "VIGIL";
  return `${clean}-SA-${row.createdAt.getUTCFullYear()}-${row.ref}`;
}

/** CSAF §5.1 file name: the tracking id, lower-case, other characters as `_`. */
export function csafFileName(trackingId: string): string {
  return `${trackingId.toLowerCase().replace(/[^+\-a-z0-9]+/g, "_")}.json`;
}

/** CSAF 2.0 knows TLP 1.0 labels: CLEAR is WHITE, AMBER+STRICT is AMBER (named in the text). */
export function csafTlp(tlp: string): { label: string; text?: string } {
  if (tlp === "CLEAR") return { label: "WHITE" };
  if (tlp === "AMBER+STRICT") {
    return { label: "AMBER", text: "TLP:AMBER+STRICT: the recipient's organisation only." };
  }
  return { label: tlp };
}

interface Leaf {
  productId: string;
  status: "known_affected" | "known_not_affected" | "under_investigation" | "fixed";
}

const statusKey = {
  affected: "known_affected",
  unaffected: "known_not_affected",
  unknown: "under_investigation",
} as const;

/**
 * Builds the product tree (vendor → product_name → product_version or
 * product_version_range) and the status of every leaf. Catalogue versions are
 * evaluated against the ranges; ranges with no catalogued version stay ranges
 * (as `vers:` strings); fix versions are leaves with status `fixed`.
 */
function productTree(row: PsirtCaseRow, ctx: CsafContext): { tree: Json; leaves: Leaf[] } {
  const leaves: Leaf[] = [];
  const vendors = new Map<string, Json[]>();
  let n = 0;
  for (const a of row.affected) {
    const versionBranches: Json[] = [];
    const seen = new Set<string>();
    const add = (category: string, name: string, status: Leaf["status"], helper?: Json) => {
      if (seen.has(`${category}:${name}`)) return;
      seen.add(`${category}:${name}`);
      const productId = `CSAFPID-${String(++n).padStart(4, "0")}`;
      leaves.push({ productId, status });
      versionBranches.push({
        category,
        name,
        product: {
          product_id: productId,
          name: `${a.vendor} ${a.product} ${name}`,
          ...(helper && Object.keys(helper).length > 0
            ? { product_identification_helper: helper }
            : {}),
        },
      });
    };
    const catalogued = a.productId ? (ctx.catalogue.get(a.productId) ?? []) : [];
    for (const v of catalogued) {
      const status = row.fixVersions.includes(v.version)
        ? "unaffected"
        : statusOfVersion(v.version, a.versions);
      if (!status) continue;
      add(
        "product_version",
        v.version,
        row.fixVersions.includes(v.version) ? "fixed" : statusKey[status],
        {
          ...(v.cpe ? { cpe: v.cpe } : {}),
          ...(v.purl ? { purl: v.purl } : {}),
        },
      );
    }
    const cataloguedNames = new Set(catalogued.map((v) => v.version));
    for (const r of a.versions) {
      if (!r.lessThan && !r.lessThanOrEqual) {
        if (!cataloguedNames.has(r.version)) add("product_version", r.version, statusKey[r.status]);
        continue;
      }
      const covered = catalogued.some((v) => statusOfVersion(v.version, [r]) !== null);
      if (covered) continue;
      const lower = r.version === "0" ? "" : `>=${r.version}|`;
      const upper = r.lessThan ? `<${r.lessThan}` : `<=${r.lessThanOrEqual}`;
      add("product_version_range", `vers:generic/${lower}${upper}`, statusKey[r.status]);
    }
    for (const fix of row.fixVersions) {
      if (!cataloguedNames.has(fix)) add("product_version", fix, "fixed");
    }
    const products = vendors.get(a.vendor) ?? [];
    products.push({ category: "product_name", name: a.product, branches: versionBranches });
    vendors.set(a.vendor, products);
  }
  const branches = [...vendors].map(([vendor, products]) => ({
    category: "vendor",
    name: vendor,
    branches: products.filter((p) => (p.branches as Json[]).length > 0),
  }));
  return { tree: { branches: branches.filter((b) => b.branches.length > 0) }, leaves };
}

/**
 * A CSAF 2.0 `csaf_security_advisory` for the case: publisher, TLP
 * distribution, tracking with revision history, product tree, and one
 * vulnerability with CVE, CWE, CVSS 3.1 score, status, remediations, notes and
 * the credits people agreed to. Never includes internal notes.
 */
export function buildCsafAdvisory(row: PsirtCaseRow, trackingId: string, ctx: CsafContext): Json {
  const { tree, leaves } = productTree(row, ctx);
  const ids = (status: Leaf["status"]) =>
    leaves.filter((l) => l.status === status).map((l) => l.productId);
  const affectedIds = ids("known_affected");
  const fixedIds = ids("fixed");
  const productStatus: Json = {};
  for (const status of [
    "known_affected",
    "known_not_affected",
    "under_investigation",
    "fixed",
  ] as const) {
    const list = ids(status);
    if (list.length > 0) productStatus[status] = list;
  }
  const history = [
    ...ctx.history.map((h) => ({
      date: h.publishedAt.toISOString(),
      number: String(h.revision),
      summary: h.summary,
    })),
    {
      date: ctx.now.toISOString(),
      number: String(ctx.revision),
      summary: ctx.revision === 1 ? "Initial release." : "Updated advisory.",
    },
  ];
  const remediations: Json[] = [];
  if (affectedIds.length > 0 && row.fixVersions.length > 0) {
    remediations.push({
      category: "vendor_fix",
      details: `Update to ${row.fixVersions.join(" or ")}.`,
      product_ids: affectedIds,
    });
  }
  if (affectedIds.length > 0 && row.workaround.trim()) {
    remediations.push({
      category: "workaround",
      details: row.workaround,
      product_ids: affectedIds,
    });
  }
  const scores: Json[] = [];
  if (row.cvssV31 && affectedIds.length > 0) {
    const s = scoreCvss(row.cvssV31);
    scores.push({
      products: affectedIds,
      cvss_v3: {
        version: "3.1",
        vectorString: s.vectorString,
        baseScore: s.baseScore,
        baseSeverity: s.baseSeverity,
      },
    });
  }
  const notes: Json[] = [
    { category: "description", title: "Description", text: row.description || row.title },
  ];
  if (row.impact.trim()) notes.push({ category: "summary", title: "Impact", text: row.impact });
  if (row.cvssV40) {
    notes.push({
      category: "other",
      title: "CVSS v4.0",
      text: `${scoreCvss(row.cvssV40).vectorString} (score ${scoreCvss(row.cvssV40).baseScore})`,
    });
  }
  const [firstCwe] = row.cweIds;
  const credits = row.credits.filter((c) => c.consent).map((c) => c.name);
  const tlp = csafTlp(ctx.tlp);
  const references: Json[] = [
    { category: "external", summary: "Human-readable advisory", url: ctx.htmlUrl },
    ...(ctx.selfUrl ? [{ category: "self", summary: "This CSAF document", url: ctx.selfUrl }] : []),
    ...row.referenceUrls.map((url) => ({ category: "external", summary: url, url })),
  ];
  const vulnerability: Json = {
    title: row.title,
    ...(row.cveId ? { cve: row.cveId } : {}),
    ...(firstCwe ? { cwe: { id: firstCwe, name: cweName(firstCwe) ?? firstCwe } } : {}),
    notes: [{ category: "description", title: "Description", text: row.description || row.title }],
    product_status: productStatus,
    ...(scores.length > 0 ? { scores } : {}),
    ...(remediations.length > 0 ? { remediations } : {}),
    ...(credits.length > 0 ? { acknowledgments: [{ names: credits }] } : {}),
    ...(fixedIds.length > 0 && row.disclosedAt
      ? { release_date: row.disclosedAt.toISOString() }
      : {}),
  };
  return {
    document: {
      category: "csaf_security_advisory",
      csaf_version: "2.0",
      title: row.title,
      lang: "en",
      publisher: {
        category: "vendor",
        name: ctx.publisherName,
        namespace: ctx.publisherNamespace,
        contact_details: ctx.publisherContact,
      },
      distribution: {
        tlp: { label: tlp.label, url: "https://www.first.org/tlp/" },
        ...(tlp.text ? { text: tlp.text } : {}),
      },
      notes,
      references,
      tracking: {
        id: trackingId,
        status: "final",
        version: String(ctx.revision),
        revision_history: history,
        initial_release_date: (ctx.history[0]?.publishedAt ?? ctx.now).toISOString(),
        current_release_date: ctx.now.toISOString(),
        generator: {
          date: ctx.now.toISOString(),
          engine: { name: "Vigil", version: ctx.generatorVersion },
        },
      },
    },
    product_tree: tree,
    vulnerabilities: [vulnerability],
  };
}
