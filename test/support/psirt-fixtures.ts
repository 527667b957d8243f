import type { PsirtCaseRow } from "../../src/modules/psirt/psirt.tables.ts";

/** A complete vulnerability case row, as the database returns it, for pure builder tests. */
export function psirtCaseRow(over: Partial<PsirtCaseRow> = {}): PsirtCaseRow {
  const at = new Date("2030-03-01T10:00:00Z");
  return {
    id: "0b8f0a0e-6a43-4c59-9d1f-3a1de4a5c0aa",
    ref: 1042,
    tenantId: "8f7e6c1a-1d5b-4a39-9c1f-7f4b2e9a0c11",
    title: "Stored XSS in the Example Router admin UI",
    status: "fix_in_progress",
    reporterName: "Rhea Searcher",
    reporterEmail: "rhea@example.net",
    reporterPgpFingerprint: null,
    sourceReportId: null,
    description: "The admin UI does not escape device names <script> & co.",
    impact: "An attacker on the LAN can run script in an administrator's browser.",
    workaround: "Restrict access to the admin UI to a management network.",
    internalNotes: "SECRET: customer X is exposed",
    cweIds: ["CWE-79"],
    affected: [
      {
        vendor: "Example Corp",
        product: "Example Router",
        defaultStatus: "unaffected",
        versions: [
          { version: "2.0", lessThan: "2.4.1", status: "affected", versionType: "custom" },
          { version: "1.9", status: "unknown" },
        ],
      },
    ],
    fixVersions: ["2.4.1"],
    credits: [
      { name: "Rhea Searcher", type: "finder", consent: true },
      { name: "Anonymous Helper", type: "analyst", consent: false },
    ],
    referenceUrls: ["https://example.com/security/kb/1042"],
    cvssV31: "CVSS:3.1/AV:A/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
    cvssV40: "CVSS:4.0/AV:A/AC:L/AT:N/PR:N/UI:P/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N",
    tlp: "AMBER",
    embargoUntil: null,
    embargoZone: null,
    remindersSent: [],
    cveId: "CVE-2030-1001",
    cveSource: "pool",
    cveState: "reserved",
    disclosedAt: null,
    version: 3,
    createdBy: null,
    createdAt: at,
    updatedAt: at,
    ...over,
  };
}
