import { readFileSync } from "node:fs";
import { CliError, call, withApi } from "../api-client.ts";
import { configFrom, parse, readStdin } from "../args.ts";
import { printObject, printRows } from "../output.ts";

const smimeUsage = `Usage:
  vigil smime import --cert CERT.pem --key KEY.pem [--tenant T] [--passphrase-stdin]
      Imports the team's S/MIME certificate (with its chain) and private key; the key is sealed at rest.
  vigil smime trust CA.pem
      Trusts the CA certificate(s) in CA.pem for S/MIME signers.
  vigil smime untrust FINGERPRINT
      Stops trusting a CA (SHA-256 fingerprint from \`vigil smime list\`).
  vigil smime list [--json]
      Identities and trust anchors, with expiry warnings.`;

const mailboxUsage = `Usage:
  vigil intake mailbox add --name N --host H --user U --password-stdin --address TEAM@ADDRESS
                       [--port P] [--tls implicit|starttls|none] [--insecure] [--folder INBOX]
                       [--move-to FOLDER | --flag KEYWORD] [--interval SECONDS] [--disabled]
      Adds an IMAP mailbox for the imap role to poll; the password is read from stdin and sealed.
  vigil intake mailbox list [--json]
      Mailboxes with their last poll, last error and counts.
  vigil intake mailbox remove ID
      Stops polling a mailbox.`;

function readFile(path: string | undefined, what: string, usage: string): string {
  if (!path) throw new CliError(`${what} is required\n\n${usage}`, 2);
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new CliError(`Cannot read ${path}: ${(err as Error).message}`);
  }
}

const warn = (row: Record<string, unknown>) =>
  (row.warnings as { code: string }[]).map((w) => w.code).join(",") || "-";

/** `vigil smime …`: the team's S/MIME identities and trust anchors, through the HTTP API. */
export async function smimeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      cert: { type: "string" },
      key: { type: "string" },
      tenant: { type: "string" },
      "passphrase-stdin": { type: "boolean" },
    },
    smimeUsage,
  );
  const config = configFrom(values);
  const [sub, arg] = positionals;
  if (sub === "import") {
    const certificate = readFile(values.cert, "--cert", smimeUsage);
    const privateKey = readFile(values.key, "--key", smimeUsage);
    const passphrase = values["passphrase-stdin"] ? await readStdin() : undefined;
    const identity = await withApi(config, (api) =>
      call<Record<string, unknown>>(api, "POST", "/api/smime/identities", {
        certificate,
        privateKey,
        ...(passphrase !== undefined ? { passphrase } : {}),
        ...(values.tenant ? { tenant: values.tenant } : {}),
      }),
    );
    printObject(identity, values.json);
    return 0;
  }
  if (sub === "trust") {
    const certificate = readFile(arg, "A CA.pem file", smimeUsage);
    const result = await withApi(config, (api) =>
      call<{ added: Record<string, unknown>[] }>(api, "POST", "/api/smime/trust-anchors", {
        certificate,
      }),
    );
    printRows(result.added, ["fingerprint", "subject", "notAfter"], values.json, result);
    return 0;
  }
  if (sub === "untrust" && arg) {
    await withApi(config, (api) =>
      call(api, "DELETE", `/api/smime/trust-anchors/${encodeURIComponent(arg)}`),
    );
    return 0;
  }
  if (sub === "list") {
    const list = await withApi(config, (api) =>
      call<{ identities: Record<string, unknown>[]; trustAnchors: Record<string, unknown>[] }>(
        api,
        "GET",
        "/api/smime",
      ),
    );
    if (values.json) {
      printObject(list, true);
      return 0;
    }
    const rows = [
      ...list.identities.map((i) => ({ ...i, kind: "identity", warn: warn(i) })),
      ...list.trustAnchors.map((a) => ({ ...a, kind: "trust", warn: warn(a) })),
    ];
    printRows(rows, ["kind", "fingerprint", "subject", "notAfter", "warn"], false);
    return 0;
  }
  throw new CliError(smimeUsage, 2);
}

/** `vigil intake mailbox …`: IMAP mailboxes polled by the imap role. */
export async function intakeMailboxCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      name: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      tls: { type: "string" },
      insecure: { type: "boolean" },
      user: { type: "string" },
      "password-stdin": { type: "boolean" },
      address: { type: "string" },
      folder: { type: "string" },
      "move-to": { type: "string" },
      flag: { type: "string" },
      interval: { type: "string" },
      disabled: { type: "boolean" },
    },
    mailboxUsage,
  );
  const config = configFrom(values);
  const [sub, arg] = positionals;
  if (sub === "add") {
    if (!values.host || !values.user || !values.address || !values["password-stdin"]) {
      throw new CliError(
        `--host, --user, --address and --password-stdin are required\n\n${mailboxUsage}`,
        2,
      );
    }
    const password = await readStdin();
    const mailbox = await withApi(config, (api) =>
      call<Record<string, unknown>>(api, "POST", "/api/intake/mailboxes", {
        name: values.name ?? `${values.user}@${values.host}`,
        host: values.host,
        username: values.user,
        password,
        address: values.address,
        ...(values.port ? { port: Number(values.port) } : {}),
        ...(values.tls ? { tlsMode: values.tls } : {}),
        ...(values.insecure ? { tlsVerify: false } : {}),
        ...(values.folder ? { folder: values.folder } : {}),
        ...(values["move-to"]
          ? { processedAction: "move", processedFolder: values["move-to"] }
          : {}),
        ...(values.flag ? { processedFlag: values.flag } : {}),
        ...(values.interval ? { pollIntervalSeconds: Number(values.interval) } : {}),
        ...(values.disabled ? { enabled: false } : {}),
      }),
    );
    printObject(mailbox, values.json);
    return 0;
  }
  if (sub === "list") {
    const list = await withApi(config, (api) =>
      call<{ mailboxes: Record<string, unknown>[] }>(api, "GET", "/api/intake/mailboxes"),
    );
    const rows = list.mailboxes.map((m) => {
      const status = m.status as Record<string, unknown>;
      return {
        ...m,
        server: `${m.username}@${m.host}:${m.port}/${m.folder}`,
        state: status.state,
        ingested: status.messagesIngested,
        lastPoll: status.lastPollAt ?? "-",
        lastError: status.lastError ?? "-",
      };
    });
    printRows(
      rows,
      ["id", "name", "server", "state", "ingested", "lastPoll", "lastError"],
      values.json,
      list,
    );
    return 0;
  }
  if (sub === "remove" && arg) {
    await withApi(config, (api) =>
      call(api, "DELETE", `/api/intake/mailboxes/${encodeURIComponent(arg)}`),
    );
    return 0;
  }
  throw new CliError(mailboxUsage, 2);
}
