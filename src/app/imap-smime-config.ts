import { type ImapPoller, startImapPoller } from "../modules/intake/imap/imap-poller.ts";
import { MAILBOX_PASSWORD_SEALING } from "../modules/intake/imap/imap-rules.ts";
import { ingestRawMessage } from "../modules/intake/ingest-raw-message.ts";
import type { IntakeDeps } from "../modules/intake/intake-deps.ts";
import { SMIME_KEY_SEALING } from "../modules/smime/smime-crypto.ts";
import type { Db } from "../platform/db/client.ts";
import { lazySealer, type Sealer } from "../platform/sealing/sealed-secret.ts";
import type { Config } from "./config.ts";
import { keysMailSettings } from "./keys-mail-config.ts";

/**
 * The sealers for IMAP passwords and S/MIME private keys, each under its own
 * key derived from the instance secret (VIGIL_SECRET_KEY or data/secret.key).
 */
export function imapSmimeSealers(config: Config): { mailboxPasswords: Sealer; smimeKeys: Sealer } {
  const { secretSource } = keysMailSettings(config);
  return {
    mailboxPasswords: lazySealer(secretSource, MAILBOX_PASSWORD_SEALING),
    smimeKeys: lazySealer(secretSource, SMIME_KEY_SEALING),
  };
}

/** The `imap` node role: polls the configured mailboxes into ingestRawMessage. */
export function startImapRole(
  db: Db,
  config: Config,
  intake: IntakeDeps,
  logger?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void },
): ImapPoller {
  return startImapPoller({
    db,
    sealer: imapSmimeSealers(config).mailboxPasswords,
    ingest: (input) => ingestRawMessage(intake, input),
    logger,
  });
}
