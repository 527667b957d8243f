import type { CveServicesConfig } from "./cve-services-client.ts";

/**
 * Instance settings of the PSIRT, read by the composition root from the
 * environment (src/app/psirt-config.ts) and passed to the use cases that need them.
 */
export interface PsirtSettings {
  /** Where the public CSAF provider directory is served (VIGIL_BASE_URL). */
  publicBaseUrl: string;
  /** CSAF document.publisher. */
  publisherName: string;
  publisherNamespace: string;
  publisherContact: string;
  /** CVE Numbering Authority identity for CVE records (cveMetadata.assignerOrgId/ShortName). */
  cnaOrgId: string;
  cnaShortName: string;
  /** CVE Services (MITRE CVE API); null when ids come only from the uploaded pool. */
  cveServices: CveServicesConfig | null;
  /** Sender of advisory mail. */
  mailFrom: string;
  /** Vigil's version, named as the CSAF generator. */
  generatorVersion: string;
  /** Unlocks the PSIRT team key that signs advisories. */
  keyPassphrase: () => string;
}
