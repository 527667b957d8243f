import { CliError, call, withApi } from "../api-client.ts";
import { configFrom, parse } from "../args.ts";
import { printObject, printRows } from "../output.ts";

const usage = `Usage:
  vigil psirt cases list [--status S] [--q TEXT] [--limit N] [--offset N] [--json]
  vigil psirt cases show ID|REF [--time-zone ZONE] [--json]
  vigil psirt cases create --title T [--description D] [--reporter-email E] [--reporter-name N] [--cvss31 V] [--cvss40 V] [--cwe CWE-79] [--tenant T]
  vigil psirt cve reserve ID|REF [--services]
  vigil psirt csaf ID|REF          (prints the CSAF 2.0 document as it would be published)`;

const path = (id: string, rest = "") => `/api/psirt/cases/${encodeURIComponent(id)}${rest}`;

/** `vigil psirt …`: vulnerability cases, CVE ids and CSAF documents through the HTTP API. */
export async function psirtCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      status: { type: "string" },
      q: { type: "string" },
      limit: { type: "string" },
      offset: { type: "string" },
      title: { type: "string" },
      description: { type: "string" },
      "reporter-email": { type: "string" },
      "reporter-name": { type: "string" },
      cvss31: { type: "string" },
      cvss40: { type: "string" },
      cwe: { type: "string" },
      tenant: { type: "string" },
      "time-zone": { type: "string" },
      services: { type: "boolean" },
    },
    usage,
  );
  const config = configFrom(values);
  const [area, sub, id] = positionals;
  const key = `${area ?? ""} ${sub ?? ""}`;
  if (key === "cases list") {
    const params = new URLSearchParams();
    for (const k of ["status", "q", "limit", "offset"] as const) {
      const v = values[k];
      if (typeof v === "string" && v) params.set(k, v);
    }
    const page = await withApi(config, (api) =>
      call<{ items: Record<string, unknown>[]; total: number }>(
        api,
        "GET",
        `/api/psirt/cases${params.size ? `?${params}` : ""}`,
      ),
    );
    printRows(page.items, ["ref", "status", "tlp", "title", "id"], values.json, page);
    return 0;
  }
  if (key === "cases show" && id) {
    const zone = values["time-zone"] ? `?timeZone=${encodeURIComponent(values["time-zone"])}` : "";
    printObject(await withApi(config, (api) => call(api, "GET", path(id, zone))), values.json);
    return 0;
  }
  if (key === "cases create" && values.title) {
    const reporter = {
      ...(values["reporter-email"] ? { email: values["reporter-email"] } : {}),
      ...(values["reporter-name"] ? { name: values["reporter-name"] } : {}),
    };
    const body = {
      title: values.title,
      ...(values.description ? { description: values.description } : {}),
      ...(Object.keys(reporter).length ? { reporter } : {}),
      ...(values.cvss31 ? { cvssV31: values.cvss31 } : {}),
      ...(values.cvss40 ? { cvssV40: values.cvss40 } : {}),
      ...(values.cwe ? { cweIds: values.cwe.split(",") } : {}),
      ...(values.tenant ? { tenant: values.tenant } : {}),
    };
    printObject(
      await withApi(config, (api) => call(api, "POST", "/api/psirt/cases", body)),
      values.json,
    );
    return 0;
  }
  if (key.startsWith("cve reserve") && sub === "reserve" && id) {
    const updated = await withApi(config, (api) =>
      call<{ cve: unknown }>(api, "POST", path(id, "/cve"), {
        source: values.services ? "services" : "pool",
      }),
    );
    printObject(updated.cve as Record<string, unknown>, values.json);
    return 0;
  }
  if (area === "csaf" && sub) {
    const doc = await withApi(config, (api) => call(api, "GET", path(sub, "/csaf")));
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return 0;
  }
  throw new CliError(usage, 2);
}
