import { z } from "zod";

/** FIRST TLP 2.0 labels, least to most restrictive. */
export const tlpLevels = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"] as const;
export type Tlp = (typeof tlpLevels)[number];

/** FIRST PAP labels, least to most restrictive. */
export const papLevels = ["CLEAR", "GREEN", "AMBER", "RED"] as const;
export type Pap = (typeof papLevels)[number];

/** What the seeds promise for unlabelled information: TLP:GREEN and PAP:GREEN. */
export const DEFAULT_TLP: Tlp = "GREEN";
export const DEFAULT_PAP: Pap = "GREEN";

function normaliseLabel(prefix: string, input: string): string {
  const upper = input.trim().toUpperCase().replace(/\s+/g, "");
  const bare = upper.startsWith(`${prefix}:`) ? upper.slice(prefix.length + 1) : upper;
  // TLP 1.0's WHITE is TLP 2.0's CLEAR.
  return prefix === "TLP" && bare === "WHITE" ? "CLEAR" : bare;
}

/** Parses `amber`, `AMBER`, `TLP:AMBER`, `tlp:amber+strict`, legacy `WHITE`; undefined if unknown. */
export function parseTlp(input: string): Tlp | undefined {
  const value = normaliseLabel("TLP", input);
  return (tlpLevels as readonly string[]).includes(value) ? (value as Tlp) : undefined;
}

export function parsePap(input: string): Pap | undefined {
  const value = normaliseLabel("PAP", input);
  return (papLevels as readonly string[]).includes(value) ? (value as Pap) : undefined;
}

/** The label as written in documents and mail: `TLP:AMBER+STRICT`. */
export const formatTlp = (tlp: Tlp): string => `TLP:${tlp}`;
export const formatPap = (pap: Pap): string => `PAP:${pap}`;

export function tlpRank(tlp: Tlp): number {
  return tlpLevels.indexOf(tlp);
}

/** Lenient input schema (`amber`, `TLP:AMBER` …) producing the canonical level. */
export const tlpInput = z
  .string()
  .max(20)
  .transform((v, ctx) => {
    const tlp = parseTlp(v);
    if (!tlp) {
      ctx.addIssue({
        code: "custom",
        message: `unknown TLP label; use one of ${tlpLevels.join(", ")}`,
      });
      return z.NEVER;
    }
    return tlp;
  })
  .meta({
    description: "TLP 2.0 label: CLEAR, GREEN, AMBER, AMBER+STRICT or RED (TLP: prefix optional)",
  });

export const papInput = z
  .string()
  .max(20)
  .transform((v, ctx) => {
    const pap = parsePap(v);
    if (!pap) {
      ctx.addIssue({
        code: "custom",
        message: `unknown PAP label; use one of ${papLevels.join(", ")}`,
      });
      return z.NEVER;
    }
    return pap;
  })
  .meta({ description: "PAP label: CLEAR, GREEN, AMBER or RED (PAP: prefix optional)" });

export const tlpOutput = z.enum(tlpLevels);
export const papOutput = z.enum(papLevels);
