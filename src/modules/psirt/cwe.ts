import { weaknesses } from "@secvisogram/csaf-validator-lib/cwe.js";
import { DomainError } from "../../platform/errors.ts";

const names = new Map<string, string>(
  (weaknesses as readonly { id: string; name: string }[]).map((w) => [w.id, w.name]),
);

/**
 * The CWE name for an id, from the CWE list the CSAF validator checks against
 * (CSAF mandatory test 6.1.11 requires the exact name).
 */
export function cweName(id: string): string | undefined {
  return names.get(id);
}

/** Normalises `79`, `cwe-79`, `CWE-79` to `CWE-79` and refuses ids not in the CWE list. */
export function normaliseCweIds(ids: readonly string[]): string[] {
  const out: string[] = [];
  for (const raw of ids) {
    const match = /^(?:cwe-)?([1-9][0-9]*)$/i.exec(raw.trim());
    const id = match ? `CWE-${match[1]}` : raw;
    if (!names.has(id)) throw new DomainError("VALIDATION_FAILED", `Unknown CWE id "${raw}".`);
    if (!out.includes(id)) out.push(id);
  }
  return out;
}
