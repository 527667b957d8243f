import { readFileSync } from "node:fs";
import { CliError, call, withApi } from "../api-client.ts";
import { configFrom, parse, readStdin } from "../args.ts";
import { printObject, printRows } from "../output.ts";

const usage = `Usage:
  vigil keys generate --email E --name N [--purpose cert|psirt] [--algorithm curve25519|rsa4096]
                      [--tenant T] [--expires-days N] [--primary]
      Generates a team key; its secret stays encrypted on the server.
  vigil keys import-secret FILE [--purpose cert|psirt] [--tenant T] [--primary] [--passphrase-stdin]
      Imports an armored team secret key (gpg --armor --export-secret-keys).
  vigil keys import FILE
      Imports correspondents' armored public keys (several per file).
  vigil keys list [--json]
      Team and contact keys with warnings (expired, revoked, expiring within 30 days).`;

interface KeyRow extends Record<string, unknown> {
  fingerprint: string;
  warnings: { code: string; message: string }[];
}

function readArmoredFile(path: string | undefined): string {
  if (!path) throw new CliError(`A FILE is required\n\n${usage}`, 2);
  try {
    return readFileSync(path, "utf8");
  } catch (err) {
    throw new CliError(`Cannot read ${path}: ${(err as Error).message}`);
  }
}

const warningText = (k: KeyRow) => k.warnings.map((w) => w.code).join(",") || "-";

/** `vigil keys …`: OpenPGP team and contact keys, through the HTTP API. */
export async function keysCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      email: { type: "string" },
      name: { type: "string" },
      purpose: { type: "string" },
      algorithm: { type: "string" },
      tenant: { type: "string" },
      "expires-days": { type: "string" },
      primary: { type: "boolean" },
      "passphrase-stdin": { type: "boolean" },
    },
    usage,
  );
  const config = configFrom(values);
  const [sub, file] = positionals;
  const placement = {
    ...(values.purpose ? { purpose: values.purpose } : {}),
    ...(values.tenant ? { tenant: values.tenant } : {}),
    ...(values.primary ? { primary: true } : {}),
  };
  if (sub === "generate") {
    if (!values.email || !values.name) {
      throw new CliError(`--email and --name are required\n\n${usage}`, 2);
    }
    const key = await withApi(config, (api) =>
      call<KeyRow>(api, "POST", "/api/keys/team", {
        email: values.email,
        name: values.name,
        ...(values.algorithm ? { algorithm: values.algorithm } : {}),
        ...(values["expires-days"] ? { expiresInDays: Number(values["expires-days"]) } : {}),
        ...placement,
      }),
    );
    printObject(key, values.json);
    return 0;
  }
  if (sub === "import-secret") {
    const armored = readArmoredFile(file);
    const passphrase = values["passphrase-stdin"] ? await readStdin() : undefined;
    const key = await withApi(config, (api) =>
      call<KeyRow>(api, "POST", "/api/keys/team/import", {
        armored,
        ...(passphrase !== undefined ? { passphrase } : {}),
        ...placement,
      }),
    );
    printObject(key, values.json);
    return 0;
  }
  if (sub === "import") {
    const armored = readArmoredFile(file);
    const result = await withApi(config, (api) =>
      call<{ imported: KeyRow[]; updated: KeyRow[] }>(api, "POST", "/api/keys/contacts", {
        armored,
        source: "cli",
      }),
    );
    const rows = [
      ...result.imported.map((k) => ({ ...k, change: "imported", warn: warningText(k) })),
      ...result.updated.map((k) => ({ ...k, change: "updated", warn: warningText(k) })),
    ];
    printRows(rows, ["change", "fingerprint", "emails", "expiresAt", "warn"], values.json, result);
    return 0;
  }
  if (sub === "list") {
    const list = await withApi(config, (api) =>
      call<{ team: KeyRow[]; contacts: KeyRow[] }>(api, "GET", "/api/keys"),
    );
    if (values.json) {
      printObject(list, true);
      return 0;
    }
    const rows = [
      ...list.team.map((k) => ({
        ...k,
        kind: `team:${k.purpose}${k.primary ? "*" : ""}`,
        who: (k.userIds as string[]).join("; "),
        warn: warningText(k),
      })),
      ...list.contacts.map((k) => ({
        ...k,
        kind: "contact",
        who: (k.emails as string[]).join(", "),
        warn: warningText(k),
      })),
    ];
    printRows(rows, ["kind", "fingerprint", "who", "algorithm", "expiresAt", "warn"], false);
    return 0;
  }
  throw new CliError(usage, 2);
}
