import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DomainError } from "../../platform/errors.ts";

interface MachineTag {
  version: number;
  predicates: { value: string; expanded?: string; description?: string }[];
  values: {
    predicate: string;
    entry: { value: string; expanded?: string; description?: string }[];
  }[];
}

export interface RsitClass {
  value: string;
  label: string;
  types: { value: string; label: string; description: string }[];
}

/** ENISA Reference Security Incident Taxonomy (CC0), shipped as MISP machinetag JSON. */
function loadRsit(): { version: number; classes: RsitClass[] } {
  const raw = JSON.parse(
    readFileSync(join(import.meta.dirname, "data", "rsit.json"), "utf8"),
  ) as MachineTag;
  const classes = raw.predicates.map((p) => ({
    value: p.value,
    label: p.expanded ?? p.value,
    types: (raw.values.find((v) => v.predicate === p.value)?.entry ?? []).map((e) => ({
      value: e.value,
      label: e.expanded ?? e.value,
      description: e.description ?? "",
    })),
  }));
  return { version: raw.version, classes };
}

export const rsit = loadRsit();

/** Checks an RSIT class/type pair; a type needs its class. */
export function assertRsit(rsitClass: string | null, rsitType: string | null): void {
  if (rsitClass === null) {
    if (rsitType !== null) {
      throw new DomainError("UNKNOWN_RSIT_CLASS", "An RSIT type needs its RSIT class.");
    }
    return;
  }
  const cls = rsit.classes.find((c) => c.value === rsitClass);
  if (!cls) {
    throw new DomainError("UNKNOWN_RSIT_CLASS", `Unknown RSIT class ${rsitClass}.`, {
      known: rsit.classes.map((c) => c.value),
    });
  }
  if (rsitType !== null && !cls.types.some((t) => t.value === rsitType)) {
    throw new DomainError("UNKNOWN_RSIT_CLASS", `Unknown RSIT type ${rsitType} in ${rsitClass}.`, {
      known: cls.types.map((t) => t.value),
    });
  }
}
