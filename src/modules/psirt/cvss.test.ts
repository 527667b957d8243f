import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { cvssSeverity, parseCvssVector, scoreCvss } from "./cvss.ts";

const corpus = join(import.meta.dirname, "../../../../shared/corpora/cvss");
interface VectorFile {
  count: number;
  vectors: { vector: string; baseScore?: number; score?: number }[];
}
const load = (name: string) => JSON.parse(readFileSync(join(corpus, name), "utf8")) as VectorFile;

describe("CVSS scores against the FIRST test vectors (corpus)", () => {
  for (const file of [
    "cvss-v3.1-base-vectors.json",
    "cvss-v4.0-base-vectors.json",
    "cvss-v4.0-threat-vectors.json",
    "cvss-v4.0-security-requirements-vectors.json",
    "cvss-v4.0-supplemental-vectors.json",
  ]) {
    test(`every vector of ${file}, exact to one decimal`, () => {
      const { count, vectors } = load(file);
      assert.equal(vectors.length, count);
      const wrong: string[] = [];
      for (const v of vectors) {
        const expected = v.baseScore ?? v.score;
        const got = scoreCvss(v.vector);
        if (got.baseScore !== expected) wrong.push(`${v.vector}: ${got.baseScore} ≠ ${expected}`);
        if (got.baseSeverity !== cvssSeverity(expected as number))
          wrong.push(`${v.vector}: severity`);
      }
      assert.deepEqual(wrong.slice(0, 10), []);
    });
  }
  test("the 3.1 corpus has all 2,592 base vectors", () => {
    assert.equal(load("cvss-v3.1-base-vectors.json").vectors.length, 2592);
  });
});

describe("CVSS vector validation", () => {
  test("well-known scores", () => {
    assert.equal(scoreCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").baseScore, 9.8);
    assert.equal(
      scoreCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H").baseSeverity,
      "CRITICAL",
    );
    assert.equal(
      scoreCvss("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N").baseScore,
      9.3,
    );
  });

  test("refuses malformed vectors with INVALID_CVSS_VECTOR", () => {
    for (const bad of [
      "",
      "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
      "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:L",
      "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1",
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:R/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
      "CVSS:4.0/AV:N/AC:L/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    ]) {
      assert.throws(() => scoreCvss(bad), { code: "INVALID_CVSS_VECTOR" }, bad);
    }
  });

  test("canonical order, X values dropped, whitespace trimmed", () => {
    assert.equal(
      parseCvssVector(" CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:X ").vector,
      "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    );
  });

  test("property: any arbitrary string either parses to a scorable canonical vector or is refused", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 120 }), (s) => {
        try {
          const parsed = parseCvssVector(s);
          assert.equal(parseCvssVector(parsed.vector).vector, parsed.vector);
        } catch (err) {
          assert.equal((err as { code?: string }).code, "INVALID_CVSS_VECTOR");
        }
      }),
    );
  });

  test("property: every combination of 3.1 base values parses and scores in [0, 10]", () => {
    const pick = (values: string) => fc.constantFrom(...values.split(""));
    fc.assert(
      fc.property(
        fc.tuple(
          pick("NALP"),
          pick("LH"),
          pick("NLH"),
          pick("NR"),
          pick("UC"),
          pick("HLN"),
          pick("HLN"),
          pick("HLN"),
        ),
        ([av, ac, pr, ui, s, c, i, a]) => {
          const score = scoreCvss(
            `CVSS:3.1/AV:${av}/AC:${ac}/PR:${pr}/UI:${ui}/S:${s}/C:${c}/I:${i}/A:${a}`,
          );
          assert.ok(score.baseScore >= 0 && score.baseScore <= 10);
        },
      ),
    );
  });
});
