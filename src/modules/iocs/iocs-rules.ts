import { parse as parseCsv } from "csv-parse/sync";
import { parseTlp, type Tlp } from "../marking/marking.ts";
import { refang } from "../observables/extract-observables.ts";
import {
  hashTypeOf,
  normaliseObservable,
  type ObservableType,
  observableTypes,
} from "../observables/observables-rules.ts";

/** One indicator read from a file, before normalisation. */
export interface IocCandidate {
  /** Where it came from, for skip reports: `line 12` or a STIX object id. */
  where: string;
  type: string;
  value: string;
  tlp?: Tlp | undefined;
  description?: string | undefined;
}

export interface Skipped {
  where: string;
  reason: string;
}

export interface ParsedIocs {
  candidates: IocCandidate[];
  skipped: Skipped[];
  /** Objects that are not indicators (identities, relationships …): not errors. */
  ignored: number;
}

/** A normalised indicator ready to store. */
export interface NormalisedIoc {
  type: ObservableType;
  value: string;
  tlp: Tlp | undefined;
  description: string;
}

const typeAliases: Record<string, ObservableType | "ip" | "hash"> = {
  ip: "ip",
  "ip-addr": "ip",
  "ipv4-addr": "ipv4",
  "ipv6-addr": "ipv6",
  "ip-dst": "ip",
  "ip-src": "ip",
  "domain-name": "domain",
  hostname: "domain",
  fqdn: "domain",
  uri: "url",
  link: "url",
  "email-addr": "email",
  "email-src": "email",
  mail: "email",
  hash: "hash",
  "sha-1": "sha1",
  "sha-256": "sha256",
  "sha-512": "sha512",
  "file-name": "filename",
  file: "filename",
  "autonomous-system": "asn",
  as: "asn",
  vulnerability: "cve",
};

/** Reads a type as written by feeds (`ip-dst`, `SHA-256`, `domain-name` …) for this value. */
export function resolveIocType(type: string, value: string): ObservableType | undefined {
  const t = type.trim().toLowerCase();
  if ((observableTypes as readonly string[]).includes(t)) return t as ObservableType;
  const alias = typeAliases[t];
  if (alias === "ip") {
    if (value.includes("/")) return "cidr";
    return value.includes(":") ? "ipv6" : "ipv4";
  }
  if (alias === "hash") return hashTypeOf(value.trim());
  return alias;
}

/**
 * Normalises candidates, reporting each rejected one with its reason and
 * keeping the first of duplicate (type, value) pairs.
 */
export function normaliseIocs(candidates: IocCandidate[]): {
  iocs: NormalisedIoc[];
  skipped: Skipped[];
} {
  const seen = new Map<string, NormalisedIoc>();
  const skipped: Skipped[] = [];
  for (const c of candidates) {
    let type = resolveIocType(c.type, c.value);
    if (!type) {
      skipped.push({ where: c.where, reason: `unknown type "${c.type.slice(0, 40)}"` });
      continue;
    }
    // A one-address network is the address.
    if (type === "cidr" && /\/(32|128)$/.test(c.value.trim())) {
      type = c.value.includes(":") ? "ipv6" : "ipv4";
    }
    const raw = refang(c.value.trim());
    const value = normaliseObservable(
      type,
      type === "ipv4" || type === "ipv6" ? raw.replace(/\/(32|128)$/, "") : raw,
    );
    if (!value) {
      skipped.push({ where: c.where, reason: `not a valid ${type}` });
      continue;
    }
    const key = `${type}\u0000${value}`;
    if (!seen.has(key)) {
      seen.set(key, {
        type,
        value,
        tlp: c.tlp,
        description: (c.description ?? "").slice(0, 2000),
      });
    }
  }
  return { iocs: [...seen.values()], skipped };
}

/**
 * CSV with columns `type,value[,tlp,description]` (a header row is optional).
 * Cells are data: nothing is evaluated, so `=HYPERLINK(…)` stays a string and
 * is rejected or stored verbatim. Malformed rows are reported, not fatal.
 */
export function parseIocCsv(text: string): ParsedIocs {
  const skipped: Skipped[] = [];
  const records = parseCsv(text, {
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    info: true,
    on_skip: (err) => {
      skipped.push({
        where: `line ${err?.lines ?? "?"}`,
        reason: (err?.message ?? "malformed").slice(0, 200),
      });
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const candidates: IocCandidate[] = [];
  records.forEach(({ record, info }, index) => {
    const [type = "", value = "", tlpText = "", description = ""] = record;
    const where = `line ${info.lines}`;
    if (index === 0 && type.toLowerCase() === "type" && value.toLowerCase() === "value") return;
    if (record.length < 2 || !type || !value) {
      skipped.push({ where, reason: "expected type,value[,tlp,description]" });
      return;
    }
    const tlp = tlpText ? parseTlp(tlpText) : undefined;
    if (tlpText && !tlp) {
      skipped.push({ where, reason: `unknown TLP "${tlpText.slice(0, 20)}"` });
      return;
    }
    candidates.push({ where, type, value, tlp, description });
  });
  return { candidates, skipped, ignored: 0 };
}

const COMPARISON = /([a-z0-9-]+):([a-z0-9_.'-]+)\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\d+))/gi;
const ONLY_OR = /^[\s[\]()]*(?:OR[\s[\]()]*)*$/i;

/** Maps a STIX object path (`ipv4-addr:value`, `file:hashes.'SHA-256'`) to an observable type. */
function stixPathType(object: string, path: string, value: string): string | undefined {
  const key = `${object.toLowerCase()}:${path.toLowerCase().replaceAll("'", "")}`;
  switch (key) {
    case "ipv4-addr:value":
    case "ipv6-addr:value":
      return value.includes("/") ? "cidr" : object.toLowerCase().slice(0, 4);
    case "domain-name:value":
      return "domain";
    case "url:value":
      return "url";
    case "email-addr:value":
      return "email";
    case "file:name":
      return "filename";
    case "autonomous-system:number":
      return "asn";
  }
  const hash = /^file:hashes\.(md5|sha-?1|sha-?256|sha-?512)$/.exec(key);
  return hash?.[1]?.replace("-", "");
}

/**
 * The indicators in a STIX pattern of the simple form `[x:y = '…']`, possibly
 * joined by OR. Anything else (AND, FOLLOWEDBY, MATCHES …) is refused with a reason.
 */
export function parseStixPattern(
  pattern: string,
): { items: { type: string; value: string }[] } | { reason: string } {
  if (pattern.length > 100_000) return { reason: "pattern too long" };
  const items: { type: string; value: string }[] = [];
  for (const m of pattern.matchAll(COMPARISON)) {
    const value = (m[3] ?? m[4] ?? "").replace(/\\(.)/g, "$1");
    const type = stixPathType(m[1] ?? "", m[2] ?? "", value);
    if (!type) return { reason: `unsupported object path ${m[1]}:${m[2]}` };
    items.push({ type, value });
  }
  if (items.length === 0) return { reason: "no simple comparison in pattern" };
  if (!ONLY_OR.test(pattern.replace(COMPARISON, ""))) {
    return { reason: "only '=' comparisons joined by OR are imported" };
  }
  return { items };
}

// biome-ignore lint/suspicious/noExplicitAny: STIX input is validated loosely, field by field
type StixObject = Record<string, any>;

function tlpOfMarking(m: StixObject): Tlp | undefined {
  const label = m.definition?.tlp ?? m.name ?? "";
  return typeof label === "string" ? parseTlp(label.replace(/^TLP:\s*/i, "")) : undefined;
}

/** Well-known TLP 1.0 marking definitions of the STIX 2.1 specification. */
const stixTlpMarkings: Record<string, Tlp> = {
  "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9": "CLEAR",
  "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da": "GREEN",
  "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82": "AMBER",
  "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed": "RED",
};

/**
 * The indicators of a STIX 2.1 bundle (or an array of objects, or a single
 * indicator). Validation is loose: unusable indicators are reported with a
 * reason, other objects are counted as ignored. Markings give each its TLP.
 */
export function parseStixBundle(input: unknown): ParsedIocs | { error: string } {
  const objects: unknown[] = Array.isArray(input)
    ? input
    : input && typeof input === "object" && Array.isArray((input as StixObject).objects)
      ? (input as StixObject).objects
      : input && typeof input === "object" && (input as StixObject).type === "indicator"
        ? [input]
        : [];
  if (objects.length === 0) return { error: "not a STIX bundle with objects" };
  const markings = new Map(Object.entries(stixTlpMarkings));
  for (const o of objects) {
    if (o && typeof o === "object" && (o as StixObject).type === "marking-definition") {
      const tlp = tlpOfMarking(o as StixObject);
      if (tlp && typeof (o as StixObject).id === "string") markings.set((o as StixObject).id, tlp);
    }
  }
  const out: ParsedIocs = { candidates: [], skipped: [], ignored: 0 };
  for (const [index, raw] of objects.entries()) {
    const o = (raw && typeof raw === "object" ? raw : {}) as StixObject;
    const where = typeof o.id === "string" ? o.id.slice(0, 120) : `object ${index}`;
    if (o.type !== "indicator") {
      out.ignored++;
      continue;
    }
    if (o.revoked === true) {
      out.skipped.push({ where, reason: "revoked" });
      continue;
    }
    if (o.pattern_type !== undefined && o.pattern_type !== "stix") {
      out.skipped.push({ where, reason: `pattern_type ${String(o.pattern_type)}` });
      continue;
    }
    if (typeof o.pattern !== "string") {
      out.skipped.push({ where, reason: "no pattern" });
      continue;
    }
    const parsed = parseStixPattern(o.pattern);
    if ("reason" in parsed) {
      out.skipped.push({ where, reason: parsed.reason });
      continue;
    }
    const refs: unknown[] = Array.isArray(o.object_marking_refs) ? o.object_marking_refs : [];
    const tlp = refs.map((r) => markings.get(String(r))).find((t) => t !== undefined);
    const text = [o.name, o.description].filter((s) => typeof s === "string").join(" — ");
    for (const item of parsed.items) {
      out.candidates.push({ where, ...item, tlp, description: text });
    }
  }
  return out;
}
