import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { severities } from "../incidents/incidents-rules.ts";
import { suggestRsit } from "./rsit-suggestions.ts";
import {
  assertMatrixCells,
  assetCriticalityOf,
  basePriority,
  computePriority,
  impacts,
  levels,
  type MatrixCells,
  rateSeverity,
  scopes,
} from "./triage-rules.ts";

/** The seeded team default (migration 0004). */
const defaultCells: MatrixCells = {
  none: { single: "low", several: "low", many: "low", organisation_wide: "medium" },
  minor: { single: "low", several: "low", many: "medium", organisation_wide: "medium" },
  moderate: { single: "medium", several: "medium", many: "high", organisation_wide: "high" },
  major: { single: "high", several: "high", many: "critical", organisation_wide: "critical" },
  severe: { single: "high", several: "critical", many: "critical", organisation_wide: "critical" },
};

describe("rateSeverity", () => {
  test("reads the cell and explains which matrix version said so", () => {
    const r = rateSeverity(
      { version: 3, cells: defaultCells, tenantId: "t" },
      { impact: "major", scope: "many" },
    );
    assert.deepEqual(r, {
      severity: "critical",
      explanation: "Impact major × scope many → critical (tenant matrix v3).",
    });
  });

  test("the default matrix never decreases with impact or scope", () => {
    const rank = (s: string) => severities.indexOf(s as never);
    for (let i = 0; i < impacts.length; i++) {
      for (let j = 0; j < scopes.length; j++) {
        const here = rank(defaultCells[impacts[i] as never][scopes[j] as never]);
        if (i > 0)
          assert.ok(here >= rank(defaultCells[impacts[i - 1] as never][scopes[j] as never]));
        if (j > 0)
          assert.ok(here >= rank(defaultCells[impacts[i] as never][scopes[j - 1] as never]));
      }
    }
  });

  test("assertMatrixCells accepts a full matrix and names the missing cells", () => {
    assertMatrixCells(defaultCells);
    const { severe: _, ...partial } = defaultCells;
    assert.throws(
      () => assertMatrixCells({ ...partial, minor: { ...defaultCells.minor, many: "huge" } }),
      /minor\.many, severe\.single/,
    );
    assert.throws(() => assertMatrixCells({ ...defaultCells, extreme: {} }), /extreme/);
  });
});

describe("computePriority", () => {
  test("the documented table", () => {
    const cases: [string, string, string, string][] = [
      ["critical", "medium", "medium", "P1"],
      ["critical", "low", "low", "P2"],
      ["high", "medium", "medium", "P2"],
      ["high", "critical", "critical", "P1"],
      ["high", "low", "low", "P3"],
      ["medium", "medium", "medium", "P3"],
      ["medium", "critical", "critical", "P2"],
      ["medium", "low", "low", "P4"],
      ["low", "medium", "medium", "P4"],
      ["low", "critical", "critical", "P3"],
    ];
    for (const [severity, businessImpact, assetCriticality, expected] of cases) {
      const r = computePriority({ severity, businessImpact, assetCriticality } as never);
      assert.equal(
        r.priority,
        expected,
        `${severity}/${businessImpact}/${assetCriticality}: ${r.explanation}`,
      );
    }
  });

  test("business impact and assets move the severity's priority by at most one step", () => {
    const n = (p: string) => Number(p.slice(1));
    for (const severity of severities) {
      for (const businessImpact of levels) {
        for (const assetCriticality of levels) {
          const { priority } = computePriority({ severity, businessImpact, assetCriticality });
          assert.ok(Math.abs(n(priority) - n(basePriority(severity))) <= 1);
        }
      }
    }
  });

  test("asset criticality is the most critical named asset, medium when none", () => {
    assert.equal(assetCriticalityOf([]).criticality, "medium");
    const r = assetCriticalityOf([
      { name: "intranet", criticality: "low" },
      { name: "erp", criticality: "critical" },
      { name: "wiki", criticality: "high" },
    ]);
    assert.deepEqual(r, {
      criticality: "critical",
      explanation: "Most critical asset: erp (critical).",
    });
  });
});

describe("suggestRsit", () => {
  const top = (text: string, types?: string[]) => {
    const [first] = suggestRsit(text, types);
    return first ? `${first.class}/${first.type}` : null;
  };

  test("English and French keywords", () => {
    assert.equal(top("Phishing campaign targeting our staff"), "fraud/phishing");
    assert.equal(top("Campagne d'hameçonnage en cours"), "fraud/phishing");
    assert.equal(top("Ransomware encrypted our file server"), "malicious-code/infected-system");
    assert.equal(top("Attaque par rançongiciel sur le SI"), "malicious-code/infected-system");
    assert.equal(top("DDoS against the web portal"), "availability/ddos");
    assert.equal(top("Déni de service sur le portail"), "availability/ddos");
    assert.equal(top("Port scan from 203.0.113.7"), "information-gathering/scanner");
    assert.equal(top("Beaconing to a C2 server"), "malicious-code/c2-server");
    assert.equal(
      top("Fuite de données clients sur un forum"),
      "information-content-security/data-leak",
    );
    assert.equal(
      top("Website defacement"),
      "information-content-security/unauthorised-information-modification",
    );
    assert.equal(
      top("Défiguration du site vitrine"),
      "information-content-security/unauthorised-information-modification",
    );
    assert.equal(top("Vague de pourriels"), "abusive-content/spam");
    assert.equal(
      top("Stolen credentials used on VPN"),
      "intrusions/unprivileged-account-compromise",
    );
  });

  test("keywords match whole words only, and the reason says what matched", () => {
    assert.equal(top("Scandinavian partners meeting"), null);
    const [s] = suggestRsit("Phishing / hameçonnage", ["url"]);
    assert.deepEqual(s, {
      class: "fraud",
      type: "phishing",
      score: 5,
      reason: "keywords: phishing, hameconnage; observables: url",
    });
  });

  test("observable types alone hint weakly", () => {
    assert.equal(top("Please look at this", ["cve"]), "vulnerable/vulnerable-system");
    assert.deepEqual(suggestRsit("nothing here", ["ipv4"]), []);
  });
});
