import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Who holds the embedded database: only one process may open a PGlite data directory. */
export interface DataDirOwner {
  pid: number;
  kind: "server" | "cli";
  /** The admin socket of a running server: the CLI talks to it instead of the files. */
  socket: string | null;
  startedAt: string;
}

export const lockPath = (dataDir: string) => join(dataDir, "vigil.pid");
export const adminSocketPath = (dataDir: string) => join(dataDir, "vigil.sock");

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The live owner of the data directory, if any (a stale lock of a dead process is ignored). */
export function currentOwner(dataDir: string): DataDirOwner | null {
  let owner: DataDirOwner;
  try {
    owner = JSON.parse(readFileSync(lockPath(dataDir), "utf8")) as DataDirOwner;
  } catch {
    return null;
  }
  return owner.pid !== process.pid && alive(owner.pid) ? owner : null;
}

/**
 * Takes the data directory for this process, or returns the live owner that
 * holds it. The lock file is written exclusively so two starts cannot both win.
 */
export function acquireDataDir(
  dataDir: string,
  kind: DataDirOwner["kind"],
  socket: string | null,
): { ok: true; release: () => void } | { ok: false; owner: DataDirOwner } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const me: DataDirOwner = { pid: process.pid, kind, socket, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockPath(dataDir), JSON.stringify(me), { flag: "wx", mode: 0o600 });
      return {
        ok: true,
        release: () => {
          const owner = readOwnerRaw(dataDir);
          if (owner?.pid === process.pid) rmSync(lockPath(dataDir), { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = currentOwner(dataDir);
      if (owner) return { ok: false, owner };
      rmSync(lockPath(dataDir), { force: true }); // stale lock of a dead process
    }
  }
  const owner = currentOwner(dataDir);
  if (owner) return { ok: false, owner };
  throw new Error(`Could not lock ${dataDir}`);
}

function readOwnerRaw(dataDir: string): DataDirOwner | null {
  try {
    return JSON.parse(readFileSync(lockPath(dataDir), "utf8")) as DataDirOwner;
  } catch {
    return null;
  }
}
