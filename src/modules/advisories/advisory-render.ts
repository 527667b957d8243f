import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { type PsirtCaseRow, psirtProducts } from "../psirt/psirt.tables.ts";
import type { PsirtSettings } from "../psirt/psirt-settings.ts";
import type { ProductVersion } from "../psirt/psirt-types.ts";
import { psirtAdvisories } from "./advisories.tables.ts";
import { buildCsafAdvisory, csafFileName, trackingIdOf } from "./csaf-document.ts";

export type AdvisorySettings = Pick<
  PsirtSettings,
  | "publicBaseUrl"
  | "publisherName"
  | "publisherNamespace"
  | "publisherContact"
  | "cnaShortName"
  | "generatorVersion"
>;

/** Where the published files of an advisory live in the public directory. */
export function advisoryUrls(
  settings: Pick<PsirtSettings, "publicBaseUrl">,
  year: number,
  fileName: string,
) {
  const base = settings.publicBaseUrl.replace(/\/+$/, "");
  return {
    path: `${year}/${fileName}`,
    csaf: `${base}/.well-known/csaf/white/${year}/${fileName}`,
    html: `${base}/advisories/${fileName.replace(/\.json$/, ".html")}`,
  };
}

/**
 * Everything needed to (re)generate a case's CSAF document: tracking id, the
 * catalogue versions of the affected products, and earlier revisions.
 */
export async function renderCsafFor(
  db: Db,
  row: PsirtCaseRow,
  settings: AdvisorySettings,
  options: { now: Date; tlp: string },
) {
  const trackingId = trackingIdOf(row, settings.cnaShortName);
  const fileName = csafFileName(trackingId);
  const productIds = row.affected.map((a) => a.productId).filter((id): id is string => !!id);
  const products = productIds.length
    ? await db.select().from(psirtProducts).where(inArray(psirtProducts.id, productIds))
    : [];
  const history = await db
    .select({ revision: psirtAdvisories.revision, publishedAt: psirtAdvisories.publishedAt })
    .from(psirtAdvisories)
    .where(eq(psirtAdvisories.caseId, row.id))
    .orderBy(asc(psirtAdvisories.revision));
  const revision = (history.at(-1)?.revision ?? 0) + 1;
  const year = (history[0]?.publishedAt ?? options.now).getUTCFullYear();
  const urls = advisoryUrls(settings, year, fileName);
  const document = buildCsafAdvisory(row, trackingId, {
    publisherName: settings.publisherName,
    publisherNamespace: settings.publisherNamespace,
    publisherContact: settings.publisherContact,
    catalogue: new Map<string, ProductVersion[]>(products.map((p) => [p.id, p.versions])),
    history: history.map((h) => ({
      ...h,
      summary: h.revision === 1 ? "Initial release." : "Updated advisory.",
    })),
    revision,
    now: options.now,
    tlp: options.tlp,
    htmlUrl: urls.html,
    selfUrl: urls.csaf,
    generatorVersion: settings.generatorVersion,
  });
  return { document, trackingId, fileName, revision, year, urls };
}
