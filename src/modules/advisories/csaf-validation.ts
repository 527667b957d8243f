import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as mandatoryTests from "@secvisogram/csaf-validator-lib/mandatoryTests.js";
import validateStrict from "@secvisogram/csaf-validator-lib/validateStrict.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { DomainError } from "../../platform/errors.ts";

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;
const dataDir = join(import.meta.dirname, "data");
const readJson = (name: string) =>
  JSON.parse(readFileSync(join(dataDir, name), "utf8")) as Record<string, unknown>;

/** The FIRST CVSS schemas, registered under the URLs the CSAF schema references. */
const firstSchemas: [string, string][] = [
  ["cvss-v2.0.json", "https://www.first.org/cvss/cvss-v2.0.json"],
  ["cvss-v3.0.json", "https://www.first.org/cvss/cvss-v3.0.json"],
  ["cvss-v3.1.json", "https://www.first.org/cvss/cvss-v3.1.json"],
];

let compiled:
  | { csaf: ReturnType<Ajv2020["compile"]>; provider: ReturnType<Ajv2020["compile"]> }
  | undefined;

function validators() {
  if (compiled) return compiled;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const [file, url] of firstSchemas) {
    const { $schema: _s, $id: _i, id: _d, ...schema } = readJson(file);
    ajv.addSchema(schema, url);
  }
  compiled = {
    csaf: ajv.compile(readJson("csaf_json_schema.json")),
    provider: ajv.compile(readJson("provider_json_schema.json")),
  };
  return compiled;
}

export interface ValidationProblem {
  test: string;
  path: string;
  message: string;
}

/** Problems of a document against the CSAF 2.0 JSON schema (shipped in data/, OASIS). */
export function csafSchemaProblems(document: unknown): ValidationProblem[] {
  const validate = validators().csaf;
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => ({
    test: "schema",
    path: e.instancePath,
    message: e.message ?? "invalid",
  }));
}

/** Problems of provider-metadata.json against its CSAF 2.0 schema. */
export function providerMetadataProblems(document: unknown): ValidationProblem[] {
  const validate = validators().provider;
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => ({
    test: "schema",
    path: e.instancePath,
    message: e.message ?? "invalid",
  }));
}

/** Failures of the CSAF 2.0 §6.1 mandatory tests, run by @secvisogram/csaf-validator-lib. */
export async function csafMandatoryProblems(document: unknown): Promise<ValidationProblem[]> {
  const result = await validateStrict(Object.values(mandatoryTests), document);
  return result.tests.flatMap((t) =>
    t.errors.map((e) => ({ test: t.name, path: e.instancePath, message: e.message })),
  );
}

/**
 * Refuses to publish a document that fails the schema or a mandatory test:
 * an invalid advisory in a trusted-provider directory breaks every aggregator.
 */
export async function assertValidCsaf(document: unknown): Promise<void> {
  const problems = [...csafSchemaProblems(document), ...(await csafMandatoryProblems(document))];
  if (problems.length > 0) {
    throw new DomainError(
      "ADVISORY_INVALID",
      `The CSAF document is not valid: ${problems
        .slice(0, 5)
        .map((p) => `${p.test} ${p.path || "/"}: ${p.message}`)
        .join("; ")}`,
      { problems: problems.slice(0, 50) },
    );
  }
}
