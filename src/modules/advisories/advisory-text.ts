import { scoreCvss } from "../psirt/cvss.ts";
import { cweName } from "../psirt/cwe.ts";
import type { PsirtCaseRow } from "../psirt/psirt.tables.ts";

export interface AdvisoryTextContext {
  trackingId: string;
  revision: number;
  publishedAt: Date;
  publisherName: string;
  csafUrl: string;
}

interface Section {
  title: string;
  paragraphs: string[];
  items?: string[];
}

function rangeText(r: {
  version: string;
  lessThan?: string | undefined;
  lessThanOrEqual?: string | undefined;
  status: string;
}): string {
  const from = r.version === "0" ? "" : `${r.version} ≤ `;
  if (r.lessThan) return `${from}version < ${r.lessThan}: ${r.status}`;
  if (r.lessThanOrEqual) return `${from}version ≤ ${r.lessThanOrEqual}: ${r.status}`;
  return `${r.version}: ${r.status}`;
}

/** The public content of an advisory, once, for both renderings (never internal notes). */
function sections(row: PsirtCaseRow, ctx: AdvisoryTextContext): Section[] {
  const out: Section[] = [
    {
      title: "Summary",
      paragraphs: [row.description || row.title],
      items: [
        `Advisory: ${ctx.trackingId}, revision ${ctx.revision}, published ${ctx.publishedAt.toISOString()}`,
        ...(row.cveId ? [`CVE: ${row.cveId}`] : []),
        ...row.cweIds.map((id) => `${id}: ${cweName(id) ?? ""}`.trim()),
        ...(row.cvssV31
          ? [
              `CVSS 3.1: ${scoreCvss(row.cvssV31).baseScore} (${scoreCvss(row.cvssV31).baseSeverity}) ${scoreCvss(row.cvssV31).vectorString}`,
            ]
          : []),
        ...(row.cvssV40
          ? [
              `CVSS 4.0: ${scoreCvss(row.cvssV40).baseScore} (${scoreCvss(row.cvssV40).baseSeverity}) ${scoreCvss(row.cvssV40).vectorString}`,
            ]
          : []),
      ],
    },
    {
      title: "Affected products",
      paragraphs: [],
      items: row.affected.flatMap((a) =>
        a.versions.map((v) => `${a.vendor} ${a.product} ${rangeText(v)}`),
      ),
    },
  ];
  if (row.impact.trim()) out.push({ title: "Impact", paragraphs: [row.impact] });
  if (row.fixVersions.length > 0) {
    out.push({ title: "Solution", paragraphs: [`Update to ${row.fixVersions.join(" or ")}.`] });
  }
  if (row.workaround.trim()) out.push({ title: "Workaround", paragraphs: [row.workaround] });
  const credits = row.credits.filter((c) => c.consent);
  if (credits.length > 0) {
    out.push({
      title: "Acknowledgements",
      paragraphs: [],
      items: credits.map((c) => `${c.name} (${c.type})`),
    });
  }
  out.push({
    title: "References",
    paragraphs: [],
    items: [`CSAF: ${ctx.csafUrl}`, ...row.referenceUrls],
  });
  return out;
}

/** Markdown special characters escaped, so reported text cannot inject links or markup. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>&]/g, (c) => `\\${c}`);
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string,
  );
}

/** The advisory as Markdown (mail body, plain-text readers). */
export function renderAdvisoryMarkdown(row: PsirtCaseRow, ctx: AdvisoryTextContext): string {
  const lines = [
    `# ${escapeMarkdown(row.title)}`,
    "",
    `${escapeMarkdown(ctx.publisherName)} security advisory ${escapeMarkdown(ctx.trackingId)}`,
    "",
  ];
  for (const s of sections(row, ctx)) {
    lines.push(`## ${s.title}`, "");
    for (const p of s.paragraphs) lines.push(escapeMarkdown(p), "");
    if (s.items?.length) lines.push(...s.items.map((i) => `- ${escapeMarkdown(i)}`), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** The advisory as a standalone HTML page; every value is escaped. */
export function renderAdvisoryHtml(row: PsirtCaseRow, ctx: AdvisoryTextContext): string {
  const body = sections(row, ctx)
    .map((s) =>
      [
        `<h2>${escapeHtml(s.title)}</h2>`,
        ...s.paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`),
        s.items?.length
          ? `<ul>${s.items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`
          : "",
      ].join("\n"),
    )
    .join("\n");
  return [
    "<!doctype html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(ctx.trackingId)}: ${escapeHtml(row.title)}</title></head><body>`,
    `<h1>${escapeHtml(row.title)}</h1>`,
    `<p>${escapeHtml(ctx.publisherName)} security advisory ${escapeHtml(ctx.trackingId)}</p>`,
    body,
    "</body></html>",
    "",
  ].join("\n");
}
