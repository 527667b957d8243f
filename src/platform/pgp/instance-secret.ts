import { hkdfSync, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DomainError } from "../errors.ts";

/** Shortest VIGIL_SECRET_KEY accepted: 32 characters (e.g. `openssl rand -base64 32`). */
export const MIN_INSTANCE_SECRET_LENGTH = 32;

export interface InstanceSecretSource {
  /** VIGIL_SECRET_KEY, when set: it wins, and must be the same on every node. */
  fromEnv?: string | undefined;
  /** Where an embedded installation keeps a generated secret (`<dataDir>/secret.key`); null with a database server. */
  file: string | null;
}

export interface InstanceSecret {
  secret: string;
  origin: "env" | "file" | "generated";
}

/**
 * The instance secret that protects secret keys at rest. With a database server
 * every node must share it, so only VIGIL_SECRET_KEY is accepted there; the
 * embedded installation generates one into a 0600 file the first time.
 */
export function loadInstanceSecret(source: InstanceSecretSource): InstanceSecret {
  if (source.fromEnv !== undefined && source.fromEnv !== "") {
    if (source.fromEnv.length < MIN_INSTANCE_SECRET_LENGTH) {
      throw new DomainError(
        "SECRET_KEY_MISSING",
        `VIGIL_SECRET_KEY must hold at least ${MIN_INSTANCE_SECRET_LENGTH} characters.`,
      );
    }
    return { secret: source.fromEnv, origin: "env" };
  }
  if (!source.file) {
    throw new DomainError(
      "SECRET_KEY_MISSING",
      "Set VIGIL_SECRET_KEY (the same on every node) to store secret keys with a database server.",
    );
  }
  try {
    return { secret: readFileSync(source.file, "utf8").trim(), origin: "file" };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const secret = randomBytes(32).toString("base64url");
  mkdirSync(dirname(source.file), { recursive: true });
  try {
    // `wx`: two processes starting at once cannot both write a different secret.
    writeFileSync(source.file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return loadInstanceSecret(source);
    throw err;
  }
  return { secret, origin: "generated" };
}

/**
 * The passphrase OpenPGP secret keys are encrypted with: derived from the
 * instance secret (HKDF-SHA256) so the secret itself is never a key passphrase.
 */
export function keyPassphrase(secret: string): string {
  return Buffer.from(
    hkdfSync("sha256", secret, "vigil", "openpgp-secret-keys-at-rest/v1", 32),
  ).toString("base64url");
}

/** A memoised, lazy passphrase: nothing is read or generated until a key needs it. */
export function lazyKeyPassphrase(source: InstanceSecretSource): () => string {
  let passphrase: string | undefined;
  return () => {
    passphrase ??= keyPassphrase(loadInstanceSecret(source).secret);
    return passphrase;
  };
}
