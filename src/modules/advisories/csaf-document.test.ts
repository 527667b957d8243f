import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { psirtCaseRow } from "../../../test/support/psirt-fixtures.ts";
import {
  buildCsafAdvisory,
  type CsafContext,
  csafFileName,
  trackingIdOf,
} from "./csaf-document.ts";
import { csafMandatoryProblems, csafSchemaProblems } from "./csaf-validation.ts";

const corpus = join(import.meta.dirname, "../../../../shared/corpora/csaf-2.0");
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

/** The corpus schema, with the FIRST CVSS schemas preloaded under the URLs it references. */
function corpusValidator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const v of ["2.0", "3.0", "3.1"]) {
    const {
      $schema: _s,
      $id: _i,
      id: _d,
      ...schema
    } = JSON.parse(readFileSync(join(corpus, `referenced_schema/first/cvss-v${v}.json`), "utf8"));
    ajv.addSchema(schema, `https://www.first.org/cvss/cvss-v${v}.json`);
  }
  return ajv.compile(
    JSON.parse(readFileSync(join(corpus, "json_schema/csaf_json_schema.json"), "utf8")),
  );
}

const ctx = (over: Partial<CsafContext> = {}): CsafContext => ({
  publisherName: "Example Corp PSIRT",
  publisherNamespace: "https://psirt.example.com",
  publisherContact: "psirt@example.com",
  catalogue: new Map(),
  history: [],
  revision: 1,
  now: new Date("2030-04-01T09:00:00Z"),
  tlp: "CLEAR",
  htmlUrl: "https://psirt.example.com/advisories/x.html",
  generatorVersion: "0.1.0",
  ...over,
});

describe("CSAF 2.0 security advisory", () => {
  const validate = corpusValidator();

  test("the corpus schema validator accepts the official examples (sanity check)", () => {
    const dir = join(corpus, "examples/csaf");
    for (const f of readdirSync(dir).filter((n) => n.endsWith(".json"))) {
      const doc = JSON.parse(readFileSync(join(dir, f), "utf8"));
      if (doc.document?.csaf_version !== "2.0") continue;
      assert.equal(validate(doc), true, `${f}: ${JSON.stringify(validate.errors)}`);
    }
  });

  const cases: [string, Parameters<typeof psirtCaseRow>[0], Partial<CsafContext>][] = [
    ["ranges only", {}, {}],
    [
      "catalogue versions expanded, several revisions, AMBER+STRICT",
      {
        affected: [
          {
            productId: "6d0c4f4e-2f59-4b8c-9d33-1a1a1a1a1a1a",
            vendor: "Example Corp",
            product: "Example Router",
            versions: [{ version: "2.0", lessThan: "2.4.1", status: "affected" }],
          },
          {
            vendor: "Example Corp",
            product: "Example Switch",
            versions: [{ version: "0", lessThanOrEqual: "5.1", status: "affected" }],
          },
          {
            vendor: "Other Vendor",
            product: "Gadget",
            versions: [{ version: "3", status: "unaffected" }],
          },
        ],
        cweIds: ["CWE-79", "CWE-116"],
        cveId: null,
      },
      {
        catalogue: new Map([
          [
            "6d0c4f4e-2f59-4b8c-9d33-1a1a1a1a1a1a",
            [
              { version: "1.9" },
              { version: "2.0", cpe: "cpe:2.3:h:example:router:2.0:*:*:*:*:*:*:*" },
              { version: "2.3.9", purl: "pkg:generic/example-router@2.3.9" },
              { version: "2.4.1" },
            ],
          ],
        ]),
        history: [
          {
            revision: 1,
            publishedAt: new Date("2030-04-01T09:00:00Z"),
            summary: "Initial release.",
          },
          {
            revision: 2,
            publishedAt: new Date("2030-04-02T09:00:00Z"),
            summary: "Updated advisory.",
          },
        ],
        revision: 3,
        now: new Date("2030-04-03T09:00:00Z"),
        tlp: "AMBER+STRICT",
        selfUrl: "https://psirt.example.com/.well-known/csaf/white/2030/x.json",
      },
    ],
    [
      "no fix, no CVSS, no credits",
      { fixVersions: [], cvssV31: null, cvssV40: null, credits: [], workaround: "" },
      {},
    ],
  ];

  for (const [name, rowOver, ctxOver] of cases) {
    test(`valid against the corpus schema and the mandatory tests: ${name}`, async () => {
      const row = psirtCaseRow(rowOver);
      const doc = buildCsafAdvisory(row, trackingIdOf(row, "Example Corp"), ctx(ctxOver));
      assert.equal(validate(doc), true, JSON.stringify(validate.errors, null, 1));
      assert.deepEqual(csafSchemaProblems(doc), []);
      assert.deepEqual(await csafMandatoryProblems(doc), []);
      const text = JSON.stringify(doc);
      assert.doesNotMatch(text, /SECRET/, "internal notes never leave");
      assert.doesNotMatch(text, /Anonymous Helper/, "credits only with consent");
    });
  }

  test("statuses: catalogue versions in the range are affected, the fix is fixed", () => {
    const row = psirtCaseRow({
      affected: [
        {
          productId: "p1",
          vendor: "V",
          product: "P",
          versions: [{ version: "2.0", lessThan: "2.4.1", status: "affected" }],
        },
      ],
    });
    const doc = buildCsafAdvisory(
      row,
      "T-1",
      ctx({
        catalogue: new Map([
          ["p1", [{ version: "1.9" }, { version: "2.3" }, { version: "2.4.1" }]],
        ]),
      }),
    ) as { vulnerabilities: { product_status: Record<string, string[]> }[]; product_tree: unknown };
    const names = JSON.stringify(doc.product_tree);
    assert.doesNotMatch(names, /"1\.9"/, "1.9 is outside every range: not listed");
    assert.deepEqual(Object.keys(doc.vulnerabilities[0]?.product_status ?? {}).sort(), [
      "fixed",
      "known_affected",
    ]);
  });

  test("tracking id and file name follow CSAF §5.1", () => {
    const row = psirtCaseRow();
    assert.equal(trackingIdOf(row, "Example Corp"), "EXAMPLE-CORP-SA-2030-1042");
    assert.equal(csafFileName("EXAMPLE-CORP-SA-2030-1042"), "example-corp-sa-2030-1042.json");
    assert.equal(csafFileName("Acme:SA 1/2"), "acme_sa_1_2.json");
  });

  test("an advisory without products fails validation (publication refuses it)", async () => {
    const row = psirtCaseRow({ affected: [], fixVersions: [] });
    const doc = buildCsafAdvisory(row, "T-1", ctx());
    const problems = [...csafSchemaProblems(doc), ...(await csafMandatoryProblems(doc))];
    assert.ok(problems.length > 0);
  });
});
