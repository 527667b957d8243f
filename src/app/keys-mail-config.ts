import { join } from "node:path";
import type { BlobStore } from "../platform/blobs/blob-store.ts";
import { FileBlobStore } from "../platform/blobs/file-blob-store.ts";
import {
  type InstanceSecretSource,
  lazyKeyPassphrase,
  loadInstanceSecret,
} from "../platform/pgp/instance-secret.ts";
import type { Config } from "./config.ts";

/** Settings of the keys, blob and outbound mail platform, read from the environment. */
export interface KeysMailSettings {
  /** VIGIL_SECRET_KEY, or `<dataDir>/secret.key` for the embedded database. */
  secretSource: InstanceSecretSource;
  /** The at-rest passphrase of team secret keys; read or generated on first use. */
  keyPassphrase: () => string;
  /** VIGIL_BLOB_DIR, by default `<dataDir>/blobs`. */
  blobDir: string;
  /** The blob store over `blobDir`; it touches the disk only on first use. */
  blobStore: BlobStore;
  /** VIGIL_SMTP_RELAY_URL (`smtp://host:port`, `smtps://user:pass@host`); null keeps mail queued. */
  smtpRelayUrl: string | null;
}

export function keysMailSettings(config: Config, env = process.env): KeysMailSettings {
  const secretSource: InstanceSecretSource = {
    fromEnv: env.VIGIL_SECRET_KEY,
    // With a database server every node needs the same secret: no node-local file then.
    file: config.databaseUrl ? null : join(config.dataDir, "secret.key"),
  };
  const relay = env.VIGIL_SMTP_RELAY_URL?.trim();
  if (relay && !/^smtps?:\/\/[^\s]+$/.test(relay)) {
    throw new Error("Invalid configuration: VIGIL_SMTP_RELAY_URL must be smtp:// or smtps://");
  }
  const blobDir = env.VIGIL_BLOB_DIR ? env.VIGIL_BLOB_DIR : join(config.dataDir, "blobs");
  return {
    secretSource,
    keyPassphrase: lazyKeyPassphrase(secretSource),
    blobDir,
    blobStore: new FileBlobStore({ root: blobDir }),
    smtpRelayUrl: relay || null,
  };
}

/**
 * Start-up checks: generates the embedded installation's instance secret on
 * first start, and returns what the operator should be told (never the secret).
 */
export function keysMailStartupNotices(settings: KeysMailSettings): string[] {
  const notices: string[] = [];
  if (settings.secretSource.fromEnv || settings.secretSource.file) {
    const { origin } = loadInstanceSecret(settings.secretSource);
    if (origin === "generated") {
      notices.push(
        `Generated the instance secret ${settings.secretSource.file} (mode 0600): back it up with the data; without it team secret keys cannot be unlocked.`,
      );
    }
  } else {
    notices.push(
      "VIGIL_SECRET_KEY is not set: team OpenPGP keys cannot be generated, imported or used for signing.",
    );
  }
  if (!settings.smtpRelayUrl) {
    notices.push(
      "VIGIL_SMTP_RELAY_URL is not set: outbound mail is kept with status no-relay until a relay is configured.",
    );
  }
  return notices;
}
