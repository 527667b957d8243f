import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Party {
  cert: string;
  key: string;
  certPem: string;
  keyPem: string;
}

/**
 * A throw-away PKI made with the OpenSSL command line for S/MIME interop tests:
 * a CA, the team's certificate and senders' certificates, and messages that
 * OpenSSL signs and encrypts (the reference implementation makes the fixtures).
 */
export interface OpenSslPki {
  dir: string;
  ca: Party;
  /** Runs openssl; throws with its stderr when it fails. */
  run(args: string[], input?: string | Buffer): Buffer;
  file(name: string, content: string | Buffer): string;
  /** `openssl smime -sign` of `content` by `who` (detached unless `-nodetach` is in `args`). */
  sign(who: Party, content: Buffer, args?: string[]): Buffer;
  /** A key and a certificate issued by `issuer` (the CA by default) or self-signed (`null`). */
  issue(name: string, email: string, issuer?: Party | null): Party;
  cleanup(): void;
}

export function createOpenSslPki(): OpenSslPki {
  const dir = mkdtempSync(join(tmpdir(), "vigil-openssl-"));
  const run = (args: string[], input?: string | Buffer): Buffer => {
    const result = spawnSync("openssl", args, { cwd: dir, input: input ?? "" });
    if (result.status !== 0) {
      throw new Error(`openssl ${args.join(" ")} failed: ${result.stderr.toString()}`);
    }
    return result.stdout;
  };
  const file = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const party = (name: string): Party => ({
    cert: join(dir, `${name}.crt`),
    key: join(dir, `${name}.key`),
    certPem: readFileSync(join(dir, `${name}.crt`), "utf8"),
    keyPem: readFileSync(join(dir, `${name}.key`), "utf8"),
  });
  file(
    "leaf.ext",
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=emailProtection\nsubjectKeyIdentifier=hash\nsubjectAltName=email:copy\n",
  );
  const selfSigned = (name: string, subject: string, extra: string[]) =>
    run([
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-sha256",
      "-days",
      "30",
      "-keyout",
      `${name}.key`,
      "-out",
      `${name}.crt`,
      "-subj",
      subject,
      ...extra,
    ]);
  selfSigned("ca", "/O=Vigil Test/CN=Vigil Test CA", [
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  const ca = party("ca");
  return {
    dir,
    ca,
    run,
    file,
    sign(who, content, args = []) {
      const input = file(`${randomUUID()}.eml`, content);
      return run(["smime", "-sign", "-in", input, "-signer", who.cert, "-inkey", who.key, ...args]);
    },
    issue(name, email, issuer = ca) {
      const subject = `/O=Vigil Test/CN=${name}/emailAddress=${email}`;
      if (issuer === null) {
        selfSigned(name, subject, ["-addext", `subjectAltName=email:${email}`]);
        return party(name);
      }
      run([
        "req",
        "-new",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        `${name}.key`,
        "-out",
        `${name}.csr`,
        "-subj",
        subject,
      ]);
      run([
        "x509",
        "-req",
        "-in",
        `${name}.csr`,
        "-CA",
        issuer.cert,
        "-CAkey",
        issuer.key,
        "-CAcreateserial",
        "-days",
        "30",
        "-sha256",
        "-extfile",
        "leaf.ext",
        "-out",
        `${name}.crt`,
      ]);
      return party(name);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
