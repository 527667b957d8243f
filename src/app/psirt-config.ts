import { advisoryMailJob } from "../modules/advisories/mail-advisory.ts";
import { cveServicesJob } from "../modules/psirt/cve-publication.ts";
import { CveServicesClient } from "../modules/psirt/cve-services-client.ts";
import type { PsirtSettings } from "../modules/psirt/psirt-settings.ts";
import {
  EMBARGO_REMINDERS_JOB,
  embargoRemindersJob,
} from "../modules/psirt/send-embargo-reminders.ts";
import type { Db } from "../platform/db/client.ts";
import type { JobDefinition, JobSchedule } from "../platform/jobs/job-worker.ts";
import type { Config } from "./config.ts";
import { keysMailSettings } from "./keys-mail-config.ts";
import { vigilVersion } from "./version.ts";

/**
 * PSIRT settings from the environment. CVE Services is enabled when all of
 * VIGIL_CVE_API_URL, VIGIL_CVE_API_ORG, VIGIL_CVE_API_USER and VIGIL_CVE_API_KEY are set.
 */
export function psirtSettings(
  config: Config,
  env: NodeJS.ProcessEnv = process.env,
): { settings: PsirtSettings; cveServices: CveServicesClient | null } {
  const base = config.baseUrl.replace(/\/+$/, "");
  const host = new URL(base).hostname;
  const api = {
    baseUrl: env.VIGIL_CVE_API_URL,
    org: env.VIGIL_CVE_API_ORG,
    user: env.VIGIL_CVE_API_USER,
    apiKey: env.VIGIL_CVE_API_KEY,
  };
  const given = Object.values(api).filter(Boolean).length;
  if (given > 0 && given < 4) {
    throw new Error(
      "Invalid configuration: set all of VIGIL_CVE_API_URL, _ORG, _USER and _KEY, or none.",
    );
  }
  const cveServicesConfig =
    api.baseUrl && api.org && api.user && api.apiKey
      ? { baseUrl: api.baseUrl, org: api.org, user: api.user, apiKey: api.apiKey }
      : null;
  const settings: PsirtSettings = {
    publicBaseUrl: base,
    publisherName: env.VIGIL_PSIRT_PUBLISHER_NAME ?? "Vigil PSIRT",
    publisherNamespace: env.VIGIL_PSIRT_NAMESPACE ?? base,
    publisherContact: env.VIGIL_PSIRT_CONTACT ?? `psirt@${host}`,
    cnaOrgId: env.VIGIL_CVE_CNA_ORG_ID ?? "00000000-0000-4000-8000-000000000000",
    cnaShortName: env.VIGIL_CVE_CNA_SHORT_NAME ?? (api.org || "vigil"),
    cveServices: cveServicesConfig,
    mailFrom: env.VIGIL_PSIRT_MAIL_FROM ?? `psirt@${host}`,
    generatorVersion: vigilVersion,
    keyPassphrase: keysMailSettings(config, env).keyPassphrase,
  };
  return {
    settings,
    cveServices: cveServicesConfig ? new CveServicesClient(cveServicesConfig) : null,
  };
}

/** The PSIRT's job handlers and schedules for the worker role. */
export function psirtWorker(
  db: Db,
  config: Config,
): { jobs: JobDefinition<never>[]; schedules: JobSchedule[] } {
  const { settings, cveServices } = psirtSettings(config);
  const jobs: JobDefinition<never>[] = [
    embargoRemindersJob(db) as JobDefinition<never>,
    advisoryMailJob(db, settings) as JobDefinition<never>,
  ];
  if (cveServices) jobs.push(cveServicesJob(db, cveServices, settings) as JobDefinition<never>);
  return { jobs, schedules: [{ name: EMBARGO_REMINDERS_JOB, everyMs: 15 * 60_000 }] };
}
