import { readFileSync } from "node:fs";
import { CliError, call, withApi } from "../api-client.ts";
import { configFrom, parse } from "../args.ts";
import { printObject } from "../output.ts";

const usage = `Usage:
  vigil profile import FILE            import an RFC 2350 text as the team profile
  vigil profile export [--format text|markdown|html] [--sign]
  vigil profile show [--json]          the profile with the check of every listed key
  vigil profile history [--json]       every revision, newest first
  vigil profile renew [--days N]       move security.txt's Expires ahead (default 180 days)`;

interface Imported {
  revision: number;
  documentVersion: string;
  warnings: string[];
  keys: { purpose: string; fingerprint: string; status: string }[];
}

/** `vigil profile …`: the team's RFC 2350 profile and security.txt. */
export async function profileCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      format: { type: "string", default: "text" },
      sign: { type: "boolean" },
      days: { type: "string" },
    },
    usage,
  );
  const config = configFrom(values);
  const [sub, file] = positionals;
  switch (sub) {
    case "import": {
      if (!file) throw new CliError(usage, 2);
      const text = readFileSync(file, "utf8");
      const result = await withApi(config, (api) =>
        call<Imported>(api, "POST", "/api/profile/import", { text }),
      );
      if (values.json) printObject(result, true);
      else {
        process.stdout.write(
          `Imported version ${result.documentVersion} as revision ${result.revision}.\n`,
        );
        for (const k of result.keys)
          process.stdout.write(`key ${k.purpose} ${k.fingerprint}: ${k.status}\n`);
        for (const w of result.warnings) process.stderr.write(`warning: ${w}\n`);
      }
      return 0;
    }
    case "export": {
      const query = new URLSearchParams({
        format: values.format,
        sign: String(values.sign ?? false),
      });
      const doc = await withApi(config, (api) =>
        call<{ content: string }>(api, "GET", `/api/profile/export?${query}`),
      );
      process.stdout.write(doc.content);
      return 0;
    }
    case "show":
      printObject(await withApi(config, (api) => call(api, "GET", "/api/profile")), values.json);
      return 0;
    case "history":
      printObject(
        await withApi(config, (api) => call(api, "GET", "/api/profile/history")),
        values.json,
      );
      return 0;
    case "renew": {
      const body = values.days ? { days: Number(values.days) } : {};
      printObject(
        await withApi(config, (api) => call(api, "POST", "/api/profile/security-txt/renew", body)),
        values.json,
      );
      return 0;
    }
    default:
      throw new CliError(usage, 2);
  }
}
