import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The product version, from package.json. */
export const vigilVersion: string = (
  JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as {
    version: string;
  }
).version;
