import { CliError, call, withApi } from "../api-client.ts";
import { configFrom, parse } from "../args.ts";
import { printObject, printRows } from "../output.ts";

const queueUsage = `Usage:
  vigil queue [--tenant UUID] [--status S] [--severity S] [--tlp T] [--assignee UUID] [--kind incident|report] [--q TEXT] [--limit N] [--offset N] [--json]`;

/** The triage queue: priority first, then the earliest SLA due time. */
export async function queueCommand(args: string[]): Promise<number> {
  const { values } = parse(
    args,
    {
      tenant: { type: "string" },
      status: { type: "string" },
      severity: { type: "string" },
      tlp: { type: "string" },
      assignee: { type: "string" },
      kind: { type: "string" },
      q: { type: "string" },
      limit: { type: "string" },
      offset: { type: "string" },
    },
    queueUsage,
  );
  const params = new URLSearchParams();
  const rename: Record<string, string> = { tenant: "tenantId" };
  for (const key of [
    "tenant",
    "status",
    "severity",
    "tlp",
    "assignee",
    "kind",
    "q",
    "limit",
    "offset",
  ]) {
    const v = values[key as keyof typeof values];
    if (typeof v === "string" && v !== "") params.set(rename[key] ?? key, v);
  }
  const query = params.toString();
  const page = await withApi(configFrom(values), (api) =>
    call<{ items: Record<string, unknown>[]; total: number }>(
      api,
      "GET",
      `/api/queue${query ? `?${query}` : ""}`,
    ),
  );
  printRows(
    page.items,
    [
      "effectivePriority",
      "kind",
      "ref",
      "status",
      "severity",
      "nextClock",
      "nextDue",
      "breached",
      "waiting",
      "title",
    ],
    values.json,
    page,
  );
  return 0;
}

const triageUsage = `Usage:
  vigil triage ID|REF --impact none|minor|moderate|major|severe --scope single|several|many|organisation-wide
               [--validity true-positive|false-positive|out-of-scope|duplicate] [--class RSIT] [--type RSIT]
               [--business-impact low|medium|high|critical] [--asset UUID]... [--rationale TEXT] [--report] [--json]
  With --report, ID is a report: its incident is triaged, and created first if it has none.`;

/** Records a triage decision; prints severity, priority and why. */
export async function triageCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      impact: { type: "string" },
      scope: { type: "string" },
      validity: { type: "string" },
      class: { type: "string" },
      type: { type: "string" },
      "business-impact": { type: "string" },
      asset: { type: "string", multiple: true },
      rationale: { type: "string" },
      report: { type: "boolean" },
    },
    triageUsage,
  );
  const [id] = positionals;
  if (!id || !values.impact || !values.scope) throw new CliError(triageUsage, 2);
  const decision = {
    impact: values.impact,
    scope: values.scope,
    ...(values.validity ? { validity: values.validity } : {}),
    ...(values.class ? { rsitClass: values.class } : {}),
    ...(values.type ? { rsitType: values.type } : {}),
    ...(values["business-impact"] ? { businessImpact: values["business-impact"] } : {}),
    ...(values.asset?.length ? { assetIds: values.asset } : {}),
    ...(values.rationale ? { rationale: values.rationale } : {}),
  };
  const key = encodeURIComponent(id);
  const result = await withApi(configFrom(values), async (api) => {
    if (values.report) return call(api, "POST", `/api/reports/${key}/triage`, decision);
    const current = await call<{ version: number }>(api, "GET", `/api/incidents/${key}`);
    return call(api, "POST", `/api/incidents/${key}/triage`, {
      ...decision,
      version: current.version,
    });
  });
  if (values.json) {
    printObject(result, true);
    return 0;
  }
  const r = result as {
    incident: { ref: number };
    severity: string;
    priority: string;
    explanation: string[];
  };
  process.stdout.write(
    `Incident #${r.incident.ref}: severity ${r.severity}, priority ${r.priority}\n${r.explanation.map((l) => `  ${l}`).join("\n")}\n`,
  );
  return 0;
}

const slaUsage = `Usage:
  vigil sla show ID|REF [--json]
  vigil sla pause ID|REF [--reason TEXT]
  vigil sla resume ID|REF
  vigil sla contained ID|REF [--note TEXT]`;

/** SLA clocks of an incident, and the waiting/contained marks. */
export async function slaCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    { reason: { type: "string" }, note: { type: "string" } },
    slaUsage,
  );
  const [sub, id] = positionals;
  if (!id || !sub) throw new CliError(slaUsage, 2);
  const base = `/api/incidents/${encodeURIComponent(id)}`;
  const request: Record<string, [string, string, unknown?]> = {
    show: ["GET", `${base}/sla`],
    pause: ["POST", `${base}/pause`, values.reason ? { reason: values.reason } : {}],
    resume: ["POST", `${base}/resume`],
    contained: ["POST", `${base}/contained`, values.note ? { note: values.note } : {}],
  };
  const chosen = request[sub];
  if (!chosen) throw new CliError(slaUsage, 2);
  const [method, path, body] = chosen;
  const sla = await withApi(configFrom(values), (api) =>
    call<Record<string, unknown>>(api, method as "GET" | "POST", path, body),
  );
  if (values.json) {
    printObject(sla, true);
    return 0;
  }
  const rows = ["acknowledge", "triage", "contain", "resolve"]
    .filter((clock) => sla[clock])
    .map((clock) => ({ clock, ...(sla[clock] as Record<string, unknown>) }));
  process.stdout.write(sla.waiting ? "Waiting on the reporter: clocks paused.\n" : "");
  printRows(rows, ["clock", "targetMinutes", "due", "breached", "completedAt"], false, {
    total: rows.length,
  });
  return 0;
}
