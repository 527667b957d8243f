import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface GpgResult {
  code: number | null;
  stdout: Buffer;
  /** `[GNUPG:] …` status lines (machine-readable verdicts). */
  status: string[];
  stderr: string;
}

/** A throw-away GnuPG home for interoperability tests: the reference implementation checks Vigil's output. */
export interface GnuPG {
  home: string;
  run(args: string[], input?: string | Uint8Array): GpgResult;
  /** Writes `content` to a file in the home and returns its path. */
  file(name: string, content: string | Uint8Array): string;
  importKey(armored: string): void;
  /** The revocation certificate GnuPG made when it generated the key, ready to import. */
  revocationCertificate(fingerprint: string): string;
  /**
   * Generates an Ed25519 + Cv25519 key valid one year and returns it armored;
   * `madeAt` (GnuPG time, e.g. `20200101T000000`) back-dates it, so it is expired now.
   */
  generateKey(
    email: string,
    madeAt?: string,
  ): { fingerprint: string; armoredPublic: string; armoredSecret: string };
  cleanup(): void;
}

export function createGnuPG(): GnuPG {
  const home = mkdtempSync(join(tmpdir(), "vigil-gnupg-"));
  const run = (args: string[], input?: string | Uint8Array): GpgResult => {
    const result = spawnSync(
      "gpg",
      [
        "--homedir",
        home,
        "--batch",
        "--pinentry-mode",
        "loopback",
        "--passphrase",
        "",
        "--trust-model",
        "always",
        "--status-fd",
        "2",
        ...args,
      ],
      { input, timeout: 60_000 },
    );
    const stderr = result.stderr.toString("utf8");
    return {
      code: result.status,
      stdout: result.stdout,
      status: stderr.split("\n").filter((l) => l.startsWith("[GNUPG:] ")),
      stderr,
    };
  };
  const must = (args: string[], input?: string | Uint8Array) => {
    const result = run(args, input);
    if (result.code !== 0) throw new Error(`gpg ${args.join(" ")} failed:\n${result.stderr}`);
    return result;
  };
  return {
    home,
    run,
    file(name, content) {
      const path = join(home, name);
      writeFileSync(path, content);
      return path;
    },
    importKey(armored) {
      must(["--import"], armored);
    },
    revocationCertificate(fingerprint) {
      const text = readFileSync(join(home, "openpgp-revocs.d", `${fingerprint}.rev`), "utf8");
      // GnuPG guards the stored certificate with a leading colon against accidental import.
      return text.replace(/^:-----BEGIN/m, "-----BEGIN");
    },
    generateKey(email, madeAt) {
      const time = madeAt ? ["--faked-system-time", `${madeAt}!`] : [];
      must([...time, "--quick-generate-key", `Peer <${email}>`, "ed25519", "sign", "1y"]);
      const listed = must(["--with-colons", "--list-keys", email]).stdout.toString();
      const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(listed)?.[1];
      if (!fingerprint) throw new Error(`no fingerprint in ${listed}`);
      must([...time, "--quick-add-key", fingerprint, "cv25519", "encr", "1y"]);
      return {
        fingerprint,
        armoredPublic: must(["--armor", "--export", fingerprint]).stdout.toString(),
        armoredSecret: must(["--armor", "--export-secret-keys", fingerprint]).stdout.toString(),
      };
    },
    cleanup() {
      rmSync(home, { recursive: true, force: true });
    },
  };
}
