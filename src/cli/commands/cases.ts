import { CliError, call, withApi } from "../api-client.ts";
import { configFrom, parse } from "../args.ts";
import { printObject, printRows } from "../output.ts";

interface Page {
  items: Record<string, unknown>[];
  total: number;
}

function query(values: Record<string, unknown>, keys: string[]): string {
  const params = new URLSearchParams();
  for (const key of keys) {
    const v = values[key];
    if (typeof v === "string" && v !== "") params.set(key, v);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

const incidentUsage = `Usage:
  vigil incidents list [--status S] [--severity S] [--tlp T] [--q TEXT] [--limit N] [--offset N] [--json]
  vigil incidents show ID|REF [--json]
  vigil incidents create --title T [--description D] [--severity low|medium|high|critical] [--tlp T] [--pap P] [--tenant T] [--restricted]
  vigil incidents status ID|REF --to new|triage|in_progress|resolved|closed [--reason R]
  vigil incidents timeline ID|REF [--json]`;

export async function incidentsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      status: { type: "string" },
      severity: { type: "string" },
      tlp: { type: "string" },
      pap: { type: "string" },
      q: { type: "string" },
      limit: { type: "string" },
      offset: { type: "string" },
      title: { type: "string" },
      description: { type: "string" },
      tenant: { type: "string" },
      restricted: { type: "boolean" },
      to: { type: "string" },
      reason: { type: "string" },
    },
    incidentUsage,
  );
  const config = configFrom(values);
  const [sub, id] = positionals;
  const columns = ["ref", "status", "severity", "tlp", "title", "id"];
  switch (sub) {
    case "list": {
      const page = await withApi(config, (api) =>
        call<Page>(
          api,
          "GET",
          `/api/incidents${query(values, ["status", "severity", "tlp", "q", "limit", "offset"])}`,
        ),
      );
      printRows(page.items, columns, values.json, page);
      return 0;
    }
    case "show": {
      if (!id) throw new CliError(incidentUsage, 2);
      printObject(
        await withApi(config, (api) =>
          call(api, "GET", `/api/incidents/${encodeURIComponent(id)}`),
        ),
        values.json,
      );
      return 0;
    }
    case "create": {
      if (!values.title) throw new CliError(incidentUsage, 2);
      const body = {
        title: values.title,
        ...(values.description ? { description: values.description } : {}),
        ...(values.severity ? { severity: values.severity } : {}),
        ...(values.tlp ? { tlp: values.tlp } : {}),
        ...(values.pap ? { pap: values.pap } : {}),
        ...(values.tenant ? { tenant: values.tenant } : {}),
        ...(values.restricted ? { restricted: true } : {}),
      };
      printObject(
        await withApi(config, (api) => call(api, "POST", "/api/incidents", body)),
        values.json,
      );
      return 0;
    }
    case "status": {
      if (!id || !values.to) throw new CliError(incidentUsage, 2);
      const updated = await withApi(config, async (api) => {
        const current = await call<{ version: number }>(
          api,
          "GET",
          `/api/incidents/${encodeURIComponent(id)}`,
        );
        return call(api, "POST", `/api/incidents/${encodeURIComponent(id)}/status`, {
          status: values.to,
          version: current.version,
          ...(values.reason ? { reason: values.reason } : {}),
        });
      });
      printObject(updated, values.json);
      return 0;
    }
    case "timeline": {
      if (!id) throw new CliError(incidentUsage, 2);
      const { items } = await withApi(config, (api) =>
        call<{ items: Record<string, unknown>[] }>(
          api,
          "GET",
          `/api/incidents/${encodeURIComponent(id)}/timeline`,
        ),
      );
      printRows(items, ["at", "type", "actor", "data"], values.json, items);
      return 0;
    }
    default:
      throw new CliError(incidentUsage, 2);
  }
}

const reportUsage = `Usage:
  vigil reports list [--status S] [--tlp T] [--q TEXT] [--urgent] [--limit N] [--offset N] [--json]
  vigil reports show ID|REF [--json]
  vigil reports create --subject S [--summary TEXT] [--channel api|phone|portal|email|other] [--reporter-email E] [--tlp T] [--pap P] [--urgent] [--tenant T]
  vigil reports link ID|REF --incident ID|REF
  vigil reports merge ID|REF --into ID|REF`;

export async function reportsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      status: { type: "string" },
      tlp: { type: "string" },
      pap: { type: "string" },
      q: { type: "string" },
      urgent: { type: "boolean" },
      limit: { type: "string" },
      offset: { type: "string" },
      subject: { type: "string" },
      summary: { type: "string" },
      channel: { type: "string" },
      "reporter-email": { type: "string" },
      tenant: { type: "string" },
      incident: { type: "string" },
      into: { type: "string" },
    },
    reportUsage,
  );
  const config = configFrom(values);
  const [sub, id] = positionals;
  switch (sub) {
    case "list": {
      const filters = { ...values, urgent: values.urgent ? "true" : undefined };
      const page = await withApi(config, (api) =>
        call<Page>(
          api,
          "GET",
          `/api/reports${query(filters, ["status", "tlp", "q", "urgent", "limit", "offset"])}`,
        ),
      );
      printRows(
        page.items,
        ["ref", "receivedAt", "status", "tlp", "urgent", "subject", "id"],
        values.json,
        page,
      );
      return 0;
    }
    case "show": {
      if (!id) throw new CliError(reportUsage, 2);
      printObject(
        await withApi(config, (api) => call(api, "GET", `/api/reports/${encodeURIComponent(id)}`)),
        values.json,
      );
      return 0;
    }
    case "create": {
      if (!values.subject) throw new CliError(reportUsage, 2);
      const body = {
        subject: values.subject,
        channel: values.channel ?? "api",
        ...(values.summary ? { summary: values.summary } : {}),
        ...(values["reporter-email"] ? { reporterEmail: values["reporter-email"] } : {}),
        ...(values.tlp ? { tlp: values.tlp } : {}),
        ...(values.pap ? { pap: values.pap } : {}),
        ...(values.urgent ? { urgent: true } : {}),
        ...(values.tenant ? { tenant: values.tenant } : {}),
      };
      printObject(
        await withApi(config, (api) => call(api, "POST", "/api/reports", body)),
        values.json,
      );
      return 0;
    }
    case "link": {
      if (!id || !values.incident) throw new CliError(reportUsage, 2);
      const linked = await withApi(config, (api) =>
        call(api, "POST", `/api/reports/${encodeURIComponent(id)}/link`, {
          incidentId: values.incident,
        }),
      );
      printObject(linked, values.json);
      return 0;
    }
    case "merge": {
      if (!id || !values.into) throw new CliError(reportUsage, 2);
      const merged = await withApi(config, (api) =>
        call(api, "POST", `/api/reports/${encodeURIComponent(id)}/merge`, {
          intoReportId: values.into,
        }),
      );
      printObject(merged, values.json);
      return 0;
    }
    default:
      throw new CliError(reportUsage, 2);
  }
}
