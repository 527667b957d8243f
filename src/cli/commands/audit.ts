import { CliError, call, withApi } from "../api-client.ts";
import { configFrom, parse } from "../args.ts";
import { printRows } from "../output.ts";

const usage = `Usage:
  vigil audit verify [--json]     Re-check the hash chain; exits 1 naming the first broken record
  vigil audit list [--after SEQ] [--limit N] [--json]`;

interface Verification {
  ok: boolean;
  checked: number;
  lastSeq: number;
  lastHash: string;
  firstBroken: { seq: number; reason: string } | null;
}

export async function auditCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    { after: { type: "string" }, limit: { type: "string" } },
    usage,
  );
  const config = configFrom(values);
  if (positionals[0] === "verify") {
    const result = await withApi(config, (api) =>
      call<Verification>(api, "GET", "/api/audit/verify"),
    );
    if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else if (result.ok) {
      process.stdout.write(
        `Audit chain intact: ${result.checked} records, head #${result.lastSeq} ${result.lastHash}\n`,
      );
    } else {
      process.stderr.write(
        `Audit chain BROKEN at record #${result.firstBroken?.seq}: ${result.firstBroken?.reason}\n` +
          `(${result.checked} records before it verified)\n`,
      );
    }
    return result.ok ? 0 : 1;
  }
  if (positionals[0] === "list") {
    const params = new URLSearchParams({
      afterSeq: values.after ?? "0",
      limit: values.limit ?? "100",
    });
    const { items } = await withApi(config, (api) =>
      call<{ items: Record<string, unknown>[] }>(api, "GET", `/api/audit?${params}`),
    );
    printRows(
      items,
      ["seq", "at", "actorLabel", "action", "entityType", "entityId"],
      values.json,
      items,
    );
    return 0;
  }
  throw new CliError(usage, 2);
}
