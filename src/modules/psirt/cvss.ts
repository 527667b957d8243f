import cvssCalculator from "ae-cvss-calculator";
import { DomainError } from "../../platform/errors.ts";

const { Cvss3P1, Cvss4P0 } = cvssCalculator;

export const cvssVersions = ["3.1", "4.0"] as const;
export type CvssVersion = (typeof cvssVersions)[number];
export type CvssSeverity = "NONE" | "LOW" | "MEDIUM" | "HIGH" | "CRITICAL";

export interface CvssScore {
  version: CvssVersion;
  /** The vector in the specification's metric order. */
  vectorString: string;
  /** CVSS 3.1: the base score; CVSS 4.0: the score of the whole vector (CVSS-B/BT/BE/BTE). */
  baseScore: number;
  baseSeverity: CvssSeverity;
}

const X = "X";
/** Metric → allowed values, in the order each specification writes them. */
const v31Metrics: [string, string, boolean][] = [
  ["AV", "NALP", true],
  ["AC", "LH", true],
  ["PR", "NLH", true],
  ["UI", "NR", true],
  ["S", "UC", true],
  ["C", "HLN", true],
  ["I", "HLN", true],
  ["A", "HLN", true],
  ["E", `${X}UPFH`, false],
  ["RL", `${X}OTWU`, false],
  ["RC", `${X}URC`, false],
  ["CR", `${X}LMH`, false],
  ["IR", `${X}LMH`, false],
  ["AR", `${X}LMH`, false],
  ["MAV", `${X}NALP`, false],
  ["MAC", `${X}LH`, false],
  ["MPR", `${X}NLH`, false],
  ["MUI", `${X}NR`, false],
  ["MS", `${X}UC`, false],
  ["MC", `${X}NLH`, false],
  ["MI", `${X}NLH`, false],
  ["MA", `${X}NLH`, false],
];

const v40Metrics: [string, string[], boolean][] = [
  ["AV", ["N", "A", "L", "P"], true],
  ["AC", ["L", "H"], true],
  ["AT", ["N", "P"], true],
  ["PR", ["N", "L", "H"], true],
  ["UI", ["N", "P", "A"], true],
  ["VC", ["H", "L", "N"], true],
  ["VI", ["H", "L", "N"], true],
  ["VA", ["H", "L", "N"], true],
  ["SC", ["H", "L", "N"], true],
  ["SI", ["H", "L", "N"], true],
  ["SA", ["H", "L", "N"], true],
  ["E", [X, "A", "P", "U"], false],
  ["CR", [X, "H", "M", "L"], false],
  ["IR", [X, "H", "M", "L"], false],
  ["AR", [X, "H", "M", "L"], false],
  ["MAV", [X, "N", "A", "L", "P"], false],
  ["MAC", [X, "L", "H"], false],
  ["MAT", [X, "N", "P"], false],
  ["MPR", [X, "N", "L", "H"], false],
  ["MUI", [X, "N", "P", "A"], false],
  ["MVC", [X, "H", "L", "N"], false],
  ["MVI", [X, "H", "L", "N"], false],
  ["MVA", [X, "H", "L", "N"], false],
  ["MSC", [X, "H", "L", "N"], false],
  ["MSI", [X, "S", "H", "L", "N"], false],
  ["MSA", [X, "S", "H", "L", "N"], false],
  ["S", [X, "N", "P"], false],
  ["AU", [X, "N", "Y"], false],
  ["R", [X, "A", "U", "I"], false],
  ["V", [X, "D", "C"], false],
  ["RE", [X, "L", "M", "H"], false],
  ["U", [X, "Clear", "Green", "Amber", "Red"], false],
];

const grammar: Record<CvssVersion, [string, readonly string[], boolean][]> = {
  "3.1": v31Metrics.map(([m, values, base]) => [m, values.split(""), base]),
  "4.0": v40Metrics,
};

function invalid(vector: string, why: string): DomainError {
  return new DomainError("INVALID_CVSS_VECTOR", `Invalid CVSS vector "${vector}": ${why}.`);
}

/**
 * Checks a vector against its specification's grammar: the `CVSS:3.1/` or
 * `CVSS:4.0/` prefix, known metrics with allowed values, no repeats, every base
 * metric present. Returns it in canonical metric order (with `X` values dropped).
 */
export function parseCvssVector(input: string): { version: CvssVersion; vector: string } {
  const vector = input.trim();
  const match = /^CVSS:(3\.1|4\.0)\/(.+)$/.exec(vector);
  if (!match) throw invalid(vector, "it must start with CVSS:3.1/ or CVSS:4.0/");
  const version = match[1] as CvssVersion;
  const metrics = grammar[version];
  const given = new Map<string, string>();
  for (const part of (match[2] as string).split("/")) {
    const [key, value, extra] = part.split(":");
    if (!key || value === undefined || extra !== undefined) {
      throw invalid(vector, `"${part}" is not METRIC:VALUE`);
    }
    const spec = metrics.find(([m]) => m === key);
    if (!spec) throw invalid(vector, `unknown metric ${key} for CVSS ${version}`);
    if (!spec[1].includes(value)) {
      throw invalid(vector, `${key} takes ${spec[1].join(", ")}, not ${value}`);
    }
    if (given.has(key)) throw invalid(vector, `${key} appears twice`);
    given.set(key, value);
  }
  const missing = metrics.filter(([m, , base]) => base && !given.has(m)).map(([m]) => m);
  if (missing.length > 0) throw invalid(vector, `base metrics missing: ${missing.join(", ")}`);
  const canonical = metrics
    .filter(([m]) => given.has(m) && given.get(m) !== X)
    .map(([m]) => `${m}:${given.get(m)}`)
    .join("/");
  return { version, vector: `CVSS:${version}/${canonical}` };
}

/** FIRST's qualitative rating, the same bands for 3.1 and 4.0. */
export function cvssSeverity(score: number): CvssSeverity {
  if (score === 0) return "NONE";
  if (score < 4) return "LOW";
  if (score < 7) return "MEDIUM";
  if (score < 9) return "HIGH";
  return "CRITICAL";
}

/**
 * Validates and scores a vector with the maintained ae-cvss-calculator (checked
 * against every FIRST test vector in the corpus, see cvss.test.ts).
 */
export function scoreCvss(input: string): CvssScore {
  const { version, vector } = parseCvssVector(input);
  let score: number | undefined;
  if (version === "3.1") {
    const scores = new Cvss3P1(vector).calculateScores();
    score = scores.base;
  } else {
    score = new Cvss4P0(vector).calculateScores().overall;
  }
  if (score === undefined || !Number.isFinite(score)) throw invalid(vector, "no score");
  const baseScore = Math.round(score * 10) / 10;
  return { version, vectorString: vector, baseScore, baseSeverity: cvssSeverity(baseScore) };
}

/** Checks that a vector is of the expected version (the case keeps one of each). */
export function scoreCvssOf(version: CvssVersion, input: string): CvssScore {
  const score = scoreCvss(input);
  if (score.version !== version) {
    throw invalid(input, `a CVSS ${version} vector is expected here`);
  }
  return score;
}
