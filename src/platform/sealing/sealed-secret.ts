import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { DomainError } from "../errors.ts";
import { type InstanceSecretSource, loadInstanceSecret } from "../pgp/instance-secret.ts";

/**
 * Seals small secrets (IMAP passwords, S/MIME private keys) for storage in the
 * database: AES-256-GCM under a key derived from the instance secret (HKDF-SHA256,
 * one key per purpose), so a database dump alone reveals none of them.
 */
export interface Sealer {
  seal(plain: Buffer | string): string;
  open(sealed: string): Buffer;
}

const VERSION = "v1";

function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", secret, "vigil", `${purpose}-at-rest/v1`, 32));
}

/** A sealer over an explicit instance secret (tests, and the lazy variant below). */
export function sealerFromSecret(secret: string, purpose: string): Sealer {
  const key = deriveKey(secret, purpose);
  const aad = Buffer.from(purpose);
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv).setAAD(aad);
      const body = Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString("base64url")}.${body.toString("base64url")}`;
    },
    open(sealed) {
      const [version, ivText, bodyText] = sealed.split(".");
      if (version !== VERSION || !ivText || !bodyText) {
        throw new DomainError("SECRET_KEY_MISSING", "A sealed secret has an unknown format.");
      }
      const body = Buffer.from(bodyText, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(ivText, "base64url"));
      decipher.setAAD(aad).setAuthTag(body.subarray(body.length - 16));
      try {
        return Buffer.concat([
          decipher.update(body.subarray(0, body.length - 16)),
          decipher.final(),
        ]);
      } catch {
        throw new DomainError(
          "SECRET_KEY_MISSING",
          "A sealed secret does not open with this instance secret (was VIGIL_SECRET_KEY changed?).",
        );
      }
    },
  };
}

/** A sealer that reads (or, embedded, generates) the instance secret on first use only. */
export function lazySealer(source: InstanceSecretSource, purpose: string): Sealer {
  let sealer: Sealer | undefined;
  const get = () => {
    sealer ??= sealerFromSecret(loadInstanceSecret(source).secret, purpose);
    return sealer;
  };
  return { seal: (plain) => get().seal(plain), open: (sealed) => get().open(sealed) };
}
