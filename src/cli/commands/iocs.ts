import { readFile } from "node:fs/promises";
import { CliError, call, withApi } from "../api-client.ts";
import { configFrom, parse } from "../args.ts";
import { printObject } from "../output.ts";

const usage = `Usage:
  vigil iocs import FILE --format csv|stix [--tenant T] [--tlp T] [--source NAME] [--json]

CSV columns: type,value[,tlp,description] (header optional). STIX: a 2.1 bundle;
indicators with simple '=' patterns are imported, other objects are skipped.
Without --tenant the IOCs are shared by the whole team.`;

interface ImportResult {
  received: number;
  imported: number;
  updated: number;
  ignored: number;
  skipped: { where: string; reason: string }[];
}

const CSV_ROWS_PER_REQUEST = 5000;
const STIX_OBJECTS_PER_REQUEST = 2000;

/** Splits CSV text into chunks of whole records (never inside a quoted field), with line offsets. */
export function csvChunks(text: string, rows: number): { csv: string; firstLine: number }[] {
  const chunks: { csv: string; firstLine: number }[] = [];
  let start = 0;
  let line = 1;
  let chunkLine = 1;
  let count = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === "\n") {
      line++;
      if (!quoted && ++count === rows) {
        chunks.push({ csv: text.slice(start, i + 1), firstLine: chunkLine });
        start = i + 1;
        chunkLine = line;
        count = 0;
      }
    }
  }
  if (start < text.length) chunks.push({ csv: text.slice(start), firstLine: chunkLine });
  return chunks;
}

/** STIX bundles split into smaller bundles; marking definitions go with every part. */
function stixChunks(bundle: unknown, size: number): unknown[] {
  const objects = (bundle as { objects?: unknown })?.objects;
  if (!Array.isArray(objects)) return [bundle];
  const isMarking = (o: unknown) => (o as { type?: string })?.type === "marking-definition";
  const markings = objects.filter(isMarking);
  const rest = objects.filter((o) => !isMarking(o));
  const parts: unknown[] = [];
  for (let i = 0; i < rest.length || i === 0; i += size) {
    parts.push({ ...(bundle as object), objects: [...markings, ...rest.slice(i, i + size)] });
  }
  return parts;
}

function progress(done: number, total: number, imported: number): void {
  if (!process.stderr.isTTY) return;
  const width = 30;
  const filled = Math.round((done / Math.max(total, 1)) * width);
  process.stderr.write(
    `\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} parts, ${imported} new`,
  );
  if (done === total) process.stderr.write("\n");
}

export async function iocsCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      format: { type: "string" },
      tenant: { type: "string" },
      tlp: { type: "string" },
      source: { type: "string" },
    },
    usage,
  );
  const [sub, file] = positionals;
  if (sub !== "import" || !file || (values.format !== "csv" && values.format !== "stix")) {
    throw new CliError(usage, 2);
  }
  const text = await readFile(file, "utf8");
  const common = {
    ...(values.tenant ? { tenant: values.tenant } : {}),
    ...(values.tlp ? { tlp: values.tlp } : {}),
    source: values.source ?? file.split("/").pop(),
  };
  let parts: { body: object; firstLine: number }[];
  if (values.format === "csv") {
    parts = csvChunks(text, CSV_ROWS_PER_REQUEST).map((c) => ({
      body: { format: "csv", csv: c.csv, ...common },
      firstLine: c.firstLine,
    }));
  } else {
    let bundle: unknown;
    try {
      bundle = JSON.parse(text);
    } catch (err) {
      throw new CliError(`${file} is not JSON: ${(err as Error).message}`);
    }
    parts = stixChunks(bundle, STIX_OBJECTS_PER_REQUEST).map((b) => ({
      body: { format: "stix", bundle: b, ...common },
      firstLine: 1,
    }));
  }
  const total: ImportResult = { received: 0, imported: 0, updated: 0, ignored: 0, skipped: [] };
  await withApi(configFrom(values), async (api) => {
    for (const [index, part] of parts.entries()) {
      const r = await call<ImportResult>(api, "POST", "/api/iocs/import", part.body);
      total.received += r.received;
      total.imported += r.imported;
      total.updated += r.updated;
      total.ignored += r.ignored;
      for (const s of r.skipped) {
        const line = /^line (\d+)$/.exec(s.where);
        total.skipped.push(
          line ? { ...s, where: `line ${Number(line[1]) + part.firstLine - 1}` } : s,
        );
      }
      progress(index + 1, parts.length, total.imported);
    }
  });
  if (values.json) printObject(total, true);
  else {
    process.stdout.write(
      `${total.imported} imported, ${total.updated} updated, ${total.skipped.length} skipped, ${total.ignored} other objects ignored\n`,
    );
    for (const s of total.skipped.slice(0, 50)) process.stdout.write(`  ${s.where}: ${s.reason}\n`);
  }
  return 0;
}
