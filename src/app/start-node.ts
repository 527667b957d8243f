import { chmodSync, rmSync } from "node:fs";
import { correlateReportJob } from "../modules/correlation/correlate-report-job.ts";
import { PURGE_SESSIONS_JOB, purgeSessionsJob } from "../modules/identity/purge-sessions.ts";
import {
  SECURITY_TXT_EXPIRY_JOB,
  securityTxtExpiryJob,
} from "../modules/profile/security-txt-expiry-job.ts";
import { ESCALATE_SLA_JOB, escalateSlaJob } from "../modules/sla/escalate-sla.ts";
import { type Database, openDatabase } from "../platform/db/client.ts";
import { migrate } from "../platform/db/migrate.ts";
import { DomainError } from "../platform/errors.ts";
import type { HttpServer } from "../platform/http/create-http-server.ts";
import { JobWorker } from "../platform/jobs/job-worker.ts";
import {
  PURGE_FINISHED_JOBS_JOB,
  purgeFinishedJobsJob,
} from "../platform/jobs/purge-finished-jobs.ts";
import { mailSendJob, requeueUnrelayedMessages } from "../platform/mail/send-outbound-message.ts";
import type { Config } from "./config.ts";
import { embeddedDatabaseDir } from "./config.ts";
import { acquireDataDir, adminSocketPath } from "./data-dir-lock.ts";
import { buildHttpApp } from "./http-app.ts";
import { startImapRole } from "./imap-smime-config.ts";
import { intakeDependencies, intakeSettings, startIntakeSmtp } from "./intake-config.ts";
import { intakeJobs } from "./intake-jobs.ts";
import { keysMailSettings, keysMailStartupNotices } from "./keys-mail-config.ts";
import { psirtWorker } from "./psirt-config.ts";

export interface RunningNode {
  database: Database;
  httpUrl: string | null;
  adminSocket: string | null;
  /** `host:port` of the SMTP intake listener when the node has the smtp role. */
  smtpAddress: string | null;
  migrationsApplied: string[];
  stop(): Promise<void>;
}

/**
 * Starts one Vigil node with the roles from its configuration: migrations (under
 * an advisory lock, safe with several nodes), the HTTP API, the job worker, and
 * — for the embedded database — the local admin socket used by the CLI.
 */
export async function startNode(config: Config): Promise<RunningNode> {
  const embedded = !config.databaseUrl;
  const socket = embedded ? adminSocketPath(config.dataDir) : null;
  let release: (() => void) | undefined;
  if (embedded) {
    const lock = acquireDataDir(config.dataDir, "server", socket);
    if (!lock.ok) {
      throw new DomainError(
        "DATA_DIR_BUSY",
        `The data directory ${config.dataDir} is in use by process ${lock.owner.pid} (${lock.owner.kind}). ` +
          "Stop it first, or use another --data-dir.",
      );
    }
    release = lock.release;
  }
  const stack: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const close of stack.reverse()) await close();
    release?.();
  };
  try {
    const database = await openDatabase({
      url: config.databaseUrl,
      dataDir: embeddedDatabaseDir(config),
    });
    stack.push(() => database.close());
    const { applied } = await migrate(database);

    let http: HttpServer | undefined;
    let httpUrl: string | null = null;
    if (config.roles.includes("api")) {
      http = await buildHttpApp(database, config, "network");
      stack.push(() => http?.close());
      await http.listen({ host: config.httpHost, port: config.httpPort });
      const address = http.server.address();
      const port = typeof address === "object" && address ? address.port : config.httpPort;
      httpUrl = config.httpPort === 0 ? `http://127.0.0.1:${port}` : config.baseUrl;
    }

    if (socket) {
      rmSync(socket, { force: true });
      const admin = await buildHttpApp(database, config, "local");
      stack.push(async () => {
        await admin.close();
        rmSync(socket, { force: true });
      });
      await admin.listen({ path: socket });
      chmodSync(socket, 0o600);
    }

    const keysMail = keysMailSettings(config);
    for (const notice of keysMailStartupNotices(keysMail)) {
      if (http) http.log.warn(notice);
      else process.stderr.write(`vigil: ${notice}\n`);
    }

    let smtpAddress: string | null = null;
    if (config.roles.includes("smtp")) {
      const settings = intakeSettings(config);
      const smtp = await startIntakeSmtp(
        intakeDependencies(database.db, config),
        settings,
        (err) =>
          http
            ? http.log.error({ err }, "smtp intake")
            : process.stderr.write(`vigil smtp: ${err.message}\n`),
      );
      stack.push(() => smtp.close());
      smtpAddress = `${settings.smtpHost}:${smtp.port}`;
    }

    if (config.roles.includes("imap")) {
      const intake = intakeDependencies(database.db, config);
      const poller = startImapRole(database.db, config, intake, http?.log);
      stack.push(() => poller.stop());
    }

    if (config.roles.includes("worker")) {
      const logger = http?.log;
      if (keysMail.smtpRelayUrl) await requeueUnrelayedMessages(database.db);
      const psirt = psirtWorker(database.db, config);
      const worker = new JobWorker(
        database.db,
        [
          ...psirt.jobs,
          purgeSessionsJob(database.db),
          purgeFinishedJobsJob(database.db),
          correlateReportJob(database.db),
          escalateSlaJob(database.db),
          mailSendJob(database.db, { relayUrl: keysMail.smtpRelayUrl }),
          securityTxtExpiryJob(database.db, logger),
          ...intakeJobs(database.db, config),
        ],
        {
          schedules: [
            ...psirt.schedules,
            { name: PURGE_SESSIONS_JOB, everyMs: 3_600_000 },
            { name: PURGE_FINISHED_JOBS_JOB, everyMs: 3_600_000 },
            { name: ESCALATE_SLA_JOB, everyMs: 60_000 },
            { name: SECURITY_TXT_EXPIRY_JOB, everyMs: 86_400_000 },
          ],
          ...(logger ? { logger } : {}),
        },
      );
      worker.start();
      stack.push(() => worker.stop());
    }

    return {
      database,
      httpUrl,
      adminSocket: socket,
      smtpAddress,
      migrationsApplied: applied,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
