import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createServer, connect as netConnect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";

/** Where Debian's dovecot-imapd puts the server; `.ci/run` installs it. */
const DOVECOT = ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"].find((p) => existsSync(p)) ?? null;

/** Why the IMAP tests cannot run here, or null when dovecot is installed. */
export function dovecotUnavailable(): string | null {
  if (!DOVECOT) return "dovecot is not installed (apt-get install dovecot-imapd; .ci/run does it)";
  return spawnSync(DOVECOT, ["--version"]).status === 0 ? null : "dovecot does not run";
}

export interface Dovecot {
  host: string;
  port: number;
  /** The mail user the server knows, with its password. */
  user: string;
  password: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitForGreeting(port: number, logFile: string, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    const greeted = await new Promise<boolean>((resolve) => {
      const socket = netConnect(port, "127.0.0.1");
      socket.once("data", (d) => {
        socket.destroy();
        resolve(d.toString().startsWith("* OK"));
      });
      socket.once("error", () => resolve(false));
    });
    if (greeted) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = existsSync(logFile) ? readFileSync(logFile, "utf8") : "(no log)";
  throw new Error(`dovecot did not answer on 127.0.0.1:${port}:\n${log}`);
}

/**
 * A private dovecot for one test file: its own configuration, passwd-file and
 * maildir in a temporary directory, listening on 127.0.0.1 on a free port, run
 * in the foreground as the current user (no system service is touched).
 */
export async function startDovecot(): Promise<Dovecot> {
  if (!DOVECOT) throw new Error(dovecotUnavailable() ?? "dovecot unavailable");
  const dir = mkdtempSync(join(tmpdir(), "vigil-dovecot-"));
  for (const sub of ["run", "state", "mail", "home"]) mkdirSync(join(dir, sub));
  const me = userInfo();
  // Dovecot refuses to run its login processes as root: as root, use the
  // unprivileged users the dovecot-core package creates; otherwise ourselves.
  const asRoot = me.uid === 0;
  const internalUser = asRoot ? "dovecot" : me.username;
  const loginUser = asRoot ? "dovenull" : me.username;
  const group = asRoot ? "dovecot" : spawnSync("id", ["-gn"]).stdout.toString().trim();
  // Mail is stored as the mail user (never root, which dovecot refuses).
  const mailUid = asRoot ? Number(spawnSync("id", ["-u", internalUser]).stdout) : me.uid;
  const mailGid = asRoot ? Number(spawnSync("id", ["-g", internalUser]).stdout) : me.gid;
  if (asRoot) {
    // Those users must reach the sockets under base_dir and write the maildir.
    chmodSync(dir, 0o755);
    for (const sub of ["mail", "home"]) chownSync(join(dir, sub), mailUid, mailGid);
  }
  const user = "reports";
  const password = "imap-test-password";
  const port = await freePort();
  const logFile = join(dir, "dovecot.log");
  writeFileSync(
    join(dir, "passwd"),
    `${user}:{PLAIN}${password}:${mailUid}:${mailGid}::${join(dir, "home", user)}\n`,
  );
  const config = join(dir, "dovecot.conf");
  writeFileSync(
    config,
    `base_dir = ${join(dir, "run")}
state_dir = ${join(dir, "state")}
log_path = ${logFile}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_internal_user = ${internalUser}
default_internal_group = ${group}
default_login_user = ${loginUser}
first_valid_uid = 0
first_valid_gid = 0
mail_location = maildir:${join(dir, "mail")}/%u
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${join(dir, "passwd")}
}
userdb {
  driver = passwd-file
  args = ${join(dir, "passwd")}
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service auth {
  unix_listener auth-userdb {
    mode = 0600
  }
}
service anvil {
  chroot =
}
`,
  );
  const child: ChildProcess = spawn(DOVECOT, ["-F", "-c", config], { stdio: "ignore" });
  try {
    await waitForGreeting(port, logFile, Date.now() + 15_000);
  } catch (err) {
    child.kill("SIGKILL");
    throw err;
  }
  return {
    host: "127.0.0.1",
    port,
    user,
    password,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
