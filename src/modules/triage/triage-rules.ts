import { DomainError } from "../../platform/errors.ts";
import { type Priority, type Severity, severities } from "../incidents/incidents-rules.ts";

/** What a triage decision says about the report's reality. */
export const validities = ["true_positive", "false_positive", "out_of_scope", "duplicate"] as const;
export type Validity = (typeof validities)[number];

/** Rows of the severity engagement matrix: how bad it is for those affected. */
export const impacts = ["none", "minor", "moderate", "major", "severe"] as const;
export type Impact = (typeof impacts)[number];

/** Columns: how far it reaches (and so how urgent it is). */
export const scopes = ["single", "several", "many", "organisation_wide"] as const;
export type Scope = (typeof scopes)[number];

/** Business impact and asset criticality share the severity scale. */
export const levels = severities;
export type Level = Severity;

export type MatrixCells = Record<Impact, Record<Scope, Severity>>;

export interface SeverityMatrix {
  id: string;
  tenantId: string | null;
  version: number;
  cells: MatrixCells;
}

export interface SeverityRating {
  severity: Severity;
  explanation: string;
}

/** Reads one cell of the matrix; the explanation names the matrix version and the cell. */
export function rateSeverity(
  matrix: Pick<SeverityMatrix, "version" | "cells"> & { tenantId?: string | null },
  inputs: { impact: Impact; scope: Scope },
): SeverityRating {
  const severity = matrix.cells[inputs.impact][inputs.scope];
  const owner = matrix.tenantId ? "tenant" : "team default";
  return {
    severity,
    explanation: `Impact ${inputs.impact} × scope ${inputs.scope} → ${severity} (${owner} matrix v${matrix.version}).`,
  };
}

/** Checks that an edited matrix names every impact × scope cell with a known severity. */
export function assertMatrixCells(cells: unknown): asserts cells is MatrixCells {
  const problems: string[] = [];
  const rows = (cells ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const impact of impacts) {
    for (const scope of scopes) {
      const value = rows[impact]?.[scope];
      if (!(severities as readonly unknown[]).includes(value)) problems.push(`${impact}.${scope}`);
    }
  }
  const extra = Object.keys(rows).filter((k) => !(impacts as readonly string[]).includes(k));
  if (problems.length > 0 || extra.length > 0) {
    throw new DomainError(
      "VALIDATION_FAILED",
      `The matrix needs a severity (${severities.join("/")}) in every cell; missing or invalid: ${[...problems, ...extra].join(", ")}.`,
    );
  }
}

const rank = (level: Level) => levels.indexOf(level) + 1;

/**
 * Priority from severity × business impact × asset criticality, scored
 * `3·severity + business impact + asset criticality` (each 1 = low … 4 = critical):
 *
 * | score  | priority |
 * |--------|----------|
 * | ≥ 15   | P1       |
 * | 12–14  | P2       |
 * | 9–11   | P3       |
 * | ≤ 8    | P4       |
 *
 * Severity dominates: with medium business impact and medium assets the priority
 * is the severity's own (critical → P1 … low → P4), and the two other factors
 * move it by at most one step.
 */
export function computePriority(inputs: {
  severity: Severity;
  businessImpact: Level;
  assetCriticality: Level;
}): { priority: Priority; score: number; explanation: string } {
  const score =
    3 * rank(inputs.severity) + rank(inputs.businessImpact) + rank(inputs.assetCriticality);
  const priority: Priority = score >= 15 ? "P1" : score >= 12 ? "P2" : score >= 9 ? "P3" : "P4";
  return {
    priority,
    score,
    explanation:
      `3×severity ${inputs.severity} (${rank(inputs.severity)}) + business impact ${inputs.businessImpact} ` +
      `(${rank(inputs.businessImpact)}) + asset criticality ${inputs.assetCriticality} ` +
      `(${rank(inputs.assetCriticality)}) = ${score} → ${priority}.`,
  };
}

/** The most critical of the affected assets; unknown assets count as medium. */
export function assetCriticalityOf(assets: readonly { name: string; criticality: Level }[]): {
  criticality: Level;
  explanation: string;
} {
  if (assets.length === 0) {
    return { criticality: "medium", explanation: "No asset named: criticality assumed medium." };
  }
  const top = assets.reduce((a, b) => (rank(b.criticality) > rank(a.criticality) ? b : a));
  return {
    criticality: top.criticality,
    explanation: `Most critical asset: ${top.name} (${top.criticality}).`,
  };
}

/** The priority an item has before triage: the base priority of its severity. */
export function basePriority(severity: Severity): Priority {
  return (["P4", "P3", "P2", "P1"] as const)[rank(severity) - 1] as Priority;
}
