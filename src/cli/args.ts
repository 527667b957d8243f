import { type ParseArgsConfig, parseArgs } from "node:util";
import { type Config, loadConfig } from "../app/config.ts";
import { CliError } from "./api-client.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Options every command accepts: where the data is. */
export const commonOptions = {
  "data-dir": { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies Options;

export function parse<O extends Options>(args: string[], options: O, usage: string) {
  try {
    const parsed = parseArgs({
      args,
      options: { ...commonOptions, ...options },
      allowPositionals: true,
      strict: true,
    });
    if ((parsed.values as { help?: boolean }).help) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return parsed;
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${usage}`, 2);
  }
}

export function configFrom(values: { "data-dir"?: string | undefined }): Config {
  return loadConfig(process.env, { dataDir: values["data-dir"], logLevel: "warn" });
}

/** Reads all of standard input (for --password-stdin), without the final newline. */
export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}
