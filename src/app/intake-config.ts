import { ingestRawMessage } from "../modules/intake/ingest-raw-message.ts";
import { createIntakeDeps, type IntakeDeps } from "../modules/intake/intake-deps.ts";
import type { MessageCryptoProvider } from "../modules/intake/message-crypto.ts";
import { smimeCrypto } from "../modules/smime/smime-crypto.ts";
import type { Db } from "../platform/db/client.ts";
import { type SmtpListener, startSmtpListener } from "../platform/smtp/smtp-listener.ts";
import type { Config } from "./config.ts";
import { imapSmimeSealers } from "./imap-smime-config.ts";
import { keysMailSettings } from "./keys-mail-config.ts";

/** Mail intake settings from the environment. */
export interface IntakeSettings {
  /** VIGIL_SMTP_HOST, default 0.0.0.0. */
  smtpHost: string;
  /** VIGIL_SMTP_PORT (config.smtpPort), default 2525. */
  smtpPort: number;
  /** VIGIL_SMTP_MAX_BYTES, default 25 MiB. */
  maxBytes: number;
  /** VIGIL_SMTP_TLS_CERT / VIGIL_SMTP_TLS_KEY: PEM files enabling STARTTLS. */
  tlsCertFile: string | null;
  tlsKeyFile: string | null;
}

export function intakeSettings(config: Config, env = process.env): IntakeSettings {
  const maxBytes = Number(env.VIGIL_SMTP_MAX_BYTES ?? 25 * 1024 * 1024);
  if (!Number.isInteger(maxBytes) || maxBytes < 1024) {
    throw new Error("Invalid configuration: VIGIL_SMTP_MAX_BYTES must be an integer ≥ 1024");
  }
  const cert = env.VIGIL_SMTP_TLS_CERT?.trim() || null;
  const key = env.VIGIL_SMTP_TLS_KEY?.trim() || null;
  if (Boolean(cert) !== Boolean(key)) {
    throw new Error(
      "Invalid configuration: set both VIGIL_SMTP_TLS_CERT and VIGIL_SMTP_TLS_KEY, or neither",
    );
  }
  return {
    smtpHost: env.VIGIL_SMTP_HOST?.trim() || "0.0.0.0",
    smtpPort: config.smtpPort,
    maxBytes,
    tlsCertFile: cert,
    tlsKeyFile: key,
  };
}

/**
 * Intake's dependencies for this node. Further message-security providers
 * (S/MIME) are passed as `extraProviders`; OpenPGP is always first.
 */
export function intakeDependencies(
  db: Db,
  config: Config,
  extraProviders: MessageCryptoProvider[] = [],
): IntakeDeps {
  const keysMail = keysMailSettings(config);
  return createIntakeDeps({
    db,
    blobStore: keysMail.blobStore,
    keyPassphrase: keysMail.keyPassphrase,
    // S/MIME is consulted after OpenPGP on every node that processes mail.
    extraProviders: [smimeCrypto(db, imapSmimeSealers(config).smimeKeys), ...extraProviders],
    limits: { maxMessageBytes: intakeSettings(config).maxBytes },
  });
}

/** Starts the SMTP listener of the `smtp` role, delivering into ingestRawMessage. */
export async function startIntakeSmtp(
  deps: IntakeDeps,
  settings: IntakeSettings,
  log: (err: Error) => void,
): Promise<SmtpListener> {
  return startSmtpListener({
    host: settings.smtpHost,
    port: settings.smtpPort,
    maxBytes: settings.maxBytes,
    tlsCertFile: settings.tlsCertFile,
    tlsKeyFile: settings.tlsKeyFile,
    acceptsRecipient: (address) => deps.recipients.has(address),
    async deliver({ raw, from, to, remoteAddress }) {
      const result = await ingestRawMessage(deps, {
        raw,
        source: { kind: "smtp", remoteAddress },
        envelope: { from, to },
      });
      return { reference: result.messageId };
    },
    onError: log,
  });
}
