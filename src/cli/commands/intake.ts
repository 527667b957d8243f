import { CliError, call, withApi } from "../api-client.ts";
import { configFrom, parse } from "../args.ts";
import { printObject, printRows } from "../output.ts";

const usage = `Usage:
  vigil intake address add ADDRESS [--tenant T] [--purpose cert|psirt] [--language en|fr]
      Accept mail for ADDRESS (SMTP RCPT); psirt mail also opens a vulnerability case.
  vigil intake address list [--json]
  vigil intake quarantine list [--json]
  vigil intake quarantine release ID | delete ID`;

interface Page {
  items: Record<string, unknown>[];
}

/** `vigil intake …`: intake addresses and the quarantine, through the HTTP API. */
export async function intakeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      tenant: { type: "string" },
      purpose: { type: "string" },
      language: { type: "string" },
    },
    usage,
  );
  const config = configFrom(values);
  const [area, sub, target] = positionals;
  if (area === "address" && sub === "add") {
    if (!target) throw new CliError(`An ADDRESS is required\n\n${usage}`, 2);
    const added = await withApi(config, (api) =>
      call<Record<string, unknown>>(api, "POST", "/api/intake/addresses", {
        address: target,
        ...(values.tenant ? { tenant: values.tenant } : {}),
        ...(values.purpose ? { purpose: values.purpose } : {}),
        ...(values.language ? { language: values.language } : {}),
      }),
    );
    printObject(added, values.json);
    return 0;
  }
  if (area === "address" && sub === "list") {
    const page = await withApi(config, (api) => call<Page>(api, "GET", "/api/intake/addresses"));
    printRows(
      page.items,
      ["address", "purpose", "language", "tenantId", "source"],
      values.json,
      page,
    );
    return 0;
  }
  if (area === "quarantine" && sub === "list") {
    const page = await withApi(config, (api) => call<Page>(api, "GET", "/api/quarantine"));
    printRows(page.items, ["id", "receivedAt", "from", "quarantineReason"], values.json, page);
    return 0;
  }
  if (area === "quarantine" && (sub === "release" || sub === "delete") && target) {
    const result = await withApi(config, (api) =>
      sub === "release"
        ? call<Record<string, unknown>>(api, "POST", `/api/quarantine/${target}/release`)
        : call<Record<string, unknown>>(api, "DELETE", `/api/quarantine/${target}`),
    );
    printObject(result ?? { deleted: target }, values.json);
    return 0;
  }
  throw new CliError(usage, 2);
}
