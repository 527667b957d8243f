import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { keysMailSettings } from "../../src/app/keys-mail-config.ts";
import { localOperator } from "../../src/modules/identity/actor.ts";
import { addIntakeAddress } from "../../src/modules/intake/add-intake-address.ts";
import {
  type IngestResult,
  ingestRawMessage,
} from "../../src/modules/intake/ingest-raw-message.ts";
import {
  createIntakeDeps,
  type IntakeDeps,
  type IntakeLimits,
} from "../../src/modules/intake/intake-deps.ts";
import { importContactKeys } from "../../src/modules/keys/import-contact-keys.ts";
import { importTeamSecretKey } from "../../src/modules/keys/import-team-secret-key.ts";
import { FileBlobStore } from "../../src/platform/blobs/file-blob-store.ts";
import { createTestApp, type TestApp } from "./test-app.ts";

export const TEAM_ADDRESS = "cert@team.example";
export const PSIRT_ADDRESS = "psirt@team.example";

/** A test app with intake wired: a blob directory, the at-rest passphrase, two intake addresses. */
export interface IntakeKit {
  t: TestApp;
  deps: IntakeDeps;
  blobDir: string;
  keyPassphrase: () => string;
  /** Ingests and processes at once (as the job would), addressed to `to`. */
  ingest(raw: string | Buffer, options?: { to?: string; from?: string }): Promise<IngestResult>;
  importTeamKey(armoredSecret: string, purpose?: "cert" | "psirt"): Promise<void>;
  importContactKey(armoredPublic: string): Promise<void>;
  close(): Promise<void>;
}

export async function createIntakeKit(limits: Partial<IntakeLimits> = {}): Promise<IntakeKit> {
  // The routes build their own intake dependencies from the configuration: share its data directory and secret.
  process.env.VIGIL_SECRET_KEY ??= "intake-tests-instance-secret-0123456789abcdef";
  const dataDir = mkdtempSync(join(tmpdir(), "vigil-intake-"));
  const t = await createTestApp({ dataDir });
  const keysMail = keysMailSettings(t.config);
  const blobDir = keysMail.blobDir;
  const keyPassphrase = keysMail.keyPassphrase;
  const deps = createIntakeDeps({
    db: t.db,
    blobStore: new FileBlobStore({ root: blobDir }),
    keyPassphrase,
    limits,
  });
  await addIntakeAddress(t.db, { actor: localOperator, address: TEAM_ADDRESS });
  await addIntakeAddress(t.db, { actor: localOperator, address: PSIRT_ADDRESS, purpose: "psirt" });
  return {
    t,
    deps,
    blobDir,
    keyPassphrase,
    ingest: (raw, options = {}) =>
      ingestRawMessage(
        deps,
        {
          raw: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.replace(/\r?\n/g, "\r\n")),
          source: { kind: "api" },
          envelope: {
            from: options.from ?? "reporter@example.net",
            to: [options.to ?? TEAM_ADDRESS],
          },
        },
        { processNow: true },
      ),
    async importTeamKey(armoredSecret, purpose = "cert") {
      await importTeamSecretKey(t.db, {
        actor: localOperator,
        armored: armoredSecret,
        purpose,
        keyPassphrase,
      });
    },
    async importContactKey(armoredPublic) {
      await importContactKeys(t.db, {
        actor: localOperator,
        armored: armoredPublic,
        source: "test",
      });
    },
    async close() {
      await t.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A minimal RFC 5322 message; `extra` headers and body as given. */
export function plainMessage(input: {
  subject: string;
  body?: string;
  from?: string;
  extra?: string[];
  messageId?: string;
}): string {
  counter++;
  return [
    `From: ${input.from ?? "Rita Reporter <reporter@example.net>"}`,
    `To: ${TEAM_ADDRESS}`,
    `Subject: ${input.subject}`,
    `Message-ID: <${input.messageId ?? `m${counter}-${Date.now()}@example.net`}>`,
    "Date: Mon, 02 Mar 2026 10:00:00 +0100",
    "MIME-Version: 1.0",
    ...(input.extra ?? ["Content-Type: text/plain; charset=utf-8"]),
    "",
    input.body ?? "Hello team.",
    "",
  ].join("\r\n");
}
