import type { IncidentView, ReportView, Tlp } from "../../api/types.ts";

/**
 * What a constituent may see of a case, picked field by field. The portal
 * renders only this shape, so anything the API adds later (internal notes,
 * analyst fields) never reaches the portal unless it is added here on purpose.
 */
export interface PortalCase {
  kind: "report" | "incident";
  ref: number;
  title: string;
  status: string;
  tlp: Tlp;
  at: string;
  /** The constituent's own words (their report's text); incidents show none. */
  text: string | null;
}

export const portalCaseFromReport = (r: ReportView): PortalCase => ({
  kind: "report",
  ref: r.ref,
  title: r.subject,
  status: r.status,
  tlp: r.tlp,
  at: r.receivedAt,
  text: r.summary,
});

export const portalCaseFromIncident = (i: IncidentView): PortalCase => ({
  kind: "incident",
  ref: i.ref,
  title: i.title,
  status: i.status,
  tlp: i.tlp,
  at: i.createdAt,
  text: null,
});

export const portalHref = (c: Pick<PortalCase, "kind" | "ref">) =>
  `/portal/${c.kind === "report" ? "reports" : "incidents"}/${c.ref}`;

/** The fields of the portal form, as the seeds' reporting guidelines ask for them. */
export interface PortalReportForm {
  occurredAt: string;
  timeZone: string;
  contact: string;
  subject: string;
  summary: string;
  impact: string;
  network: string;
  headers: string;
  logs: string;
  tlp: Tlp;
  urgent: boolean;
}

/**
 * The report's text: one labelled section per filled field, so that handlers
 * read the same layout for every portal report.
 */
export function composePortalSummary(form: PortalReportForm): string {
  const sections: [string, string][] = [
    ["Occurred", form.occurredAt ? `${form.occurredAt.replace("T", " ")} (${form.timeZone})` : ""],
    ["Contact", form.contact],
    ["Summary and context", form.summary],
    ["Estimated impact", form.impact],
    ["IPs, ports and protocols", form.network],
    ["E-mail headers or samples", form.headers],
    ["Logs and evidence", form.logs],
  ];
  return sections
    .filter(([, value]) => value.trim())
    .map(([title, value]) => `## ${title}\n${value.trim()}`)
    .join("\n\n");
}
