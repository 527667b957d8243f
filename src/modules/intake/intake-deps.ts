import type { BlobStore } from "../../platform/blobs/blob-store.ts";
import type { Db } from "../../platform/db/client.ts";
import { AcceptBatcher } from "./accept-batcher.ts";
import { type ArchiveLimits, defaultArchiveLimits } from "./archive-inspection.ts";
import { RecipientCache } from "./intake-addresses.ts";
import type { MessageCryptoProvider } from "./message-crypto.ts";
import { defaultMimeLimits, type MimeLimits } from "./mime-structure.ts";
import { openPgpCrypto } from "./openpgp-crypto.ts";

export interface IntakeLimits {
  /** Larger messages are stored and quarantined (SMTP refuses them before DATA ends). */
  maxMessageBytes: number;
  mime: MimeLimits;
  archive: ArchiveLimits;
  /** Wall-time bound on parsing one message. */
  parseTimeoutMs: number;
}

export const defaultIntakeLimits: IntakeLimits = {
  maxMessageBytes: 25 * 1024 * 1024,
  mime: defaultMimeLimits,
  archive: defaultArchiveLimits,
  parseTimeoutMs: 20_000,
};

/** What intake needs from the composition root. */
export interface IntakeDeps {
  db: Db;
  blobStore: BlobStore;
  /** The at-rest passphrase of team secret keys (keysMailSettings(config).keyPassphrase). */
  keyPassphrase: () => string;
  /** Tried in order on each MIME entity: OpenPGP first, then e.g. S/MIME. */
  cryptoProviders: MessageCryptoProvider[];
  limits: IntakeLimits;
  /** Group commit of accepted messages (one per deps, so per node). */
  acceptBatcher: AcceptBatcher;
  /** Intake addresses, cached briefly: acceptance must not query them per message. */
  recipients: RecipientCache;
}

/**
 * Intake dependencies with the OpenPGP provider built in; `extraProviders`
 * (S/MIME) are consulted after it.
 */
export function createIntakeDeps(input: {
  db: Db;
  blobStore: BlobStore;
  keyPassphrase: () => string;
  extraProviders?: MessageCryptoProvider[] | undefined;
  limits?: Partial<IntakeLimits> | undefined;
}): IntakeDeps {
  return {
    db: input.db,
    blobStore: input.blobStore,
    keyPassphrase: input.keyPassphrase,
    cryptoProviders: [
      openPgpCrypto(input.db, input.keyPassphrase),
      ...(input.extraProviders ?? []),
    ],
    limits: { ...defaultIntakeLimits, ...input.limits },
    acceptBatcher: new AcceptBatcher(input.db),
    recipients: new RecipientCache(input.db),
  };
}
