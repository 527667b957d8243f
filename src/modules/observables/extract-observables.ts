import {
  type ExtractedObservable,
  hashTypeOf,
  normaliseAsn,
  normaliseCidr,
  normaliseCve,
  normaliseDomain,
  normaliseEmail,
  normaliseFilename,
  normaliseIpv4,
  normaliseIpv6,
  normaliseUrl,
  type ObservableType,
} from "./observables-rules.ts";

/**
 * Defanging conventions undone before extraction. Every pattern is linear: no
 * unbounded quantifier sits next to another that can match the same text, so
 * a megabyte of adversarial input cannot trigger catastrophic backtracking.
 */
const refangRules: [RegExp, string][] = [
  [/\bh(?:xx|XX|\*\*|tt)p(s?)\b/gi, "http$1"],
  [/\bfxp(s?)\b/gi, "ftp$1"],
  [/ ?[[({] ?(?:\.|dot) ?[\])}] ?/gi, "."],
  [/ ?[[({] ?(?:@|at) ?[\])}] ?/gi, "@"],
  [/\[:\]\/\/|\[:\/\/\]/g, "://"],
  [/\[:\]/g, ":"],
  [/\[\/\]/g, "/"],
  [/\\\./g, "."],
];

/** Undoes `hxxp`, `[.]`, `(.)`, `{.}`, `[dot]`, `[at]`, `(at)`, `[@]`, `[:]` and friends. */
export function refang(text: string): string {
  let out = text;
  for (const [pattern, replacement] of refangRules) out = out.replace(pattern, replacement);
  return out;
}

const MAX_TOKEN = 2048;
const TOKEN_SPLIT = /[\s<>"'`|,;]+/;
const PART_SPLIT = /[=()[\]{}]+/;
const LEADING = /^[([{*]+/;
const TRAILING = /[.,;:!?)\]}*]+$/;
const HEX_RUN = /\b[0-9a-fA-F]{32,128}\b/g;
const CVE_ID = /\bCVE-\d{4}-\d{4,7}\b/gi;
const ASN_ID = /\bASN? ?(\d{1,10})\b/g;
const IPV4_PORT = /^(\d{1,3}(?:\.\d{1,3}){3})(?::\d{1,5})?$/;
const HOST_PORT = /:\d{1,5}$/;
const BRACKETED_IPV6 = /^\[([0-9a-fA-F:.]+)\](?::\d{1,5})?/;

class Collector {
  readonly items = new Map<string, ExtractedObservable>();
  add(type: ObservableType, value: string | undefined): boolean {
    if (value === undefined) return false;
    const key = `${type}\u0000${value}`;
    if (!this.items.has(key)) this.items.set(key, { type, value });
    return true;
  }
}

function addHost(out: Collector, host: string): void {
  const v4 = IPV4_PORT.exec(host);
  if (v4?.[1]) {
    out.add("ipv4", normaliseIpv4(v4[1]));
    return;
  }
  const bracketed = BRACKETED_IPV6.exec(host);
  if (bracketed?.[1]) {
    out.add("ipv6", normaliseIpv6(bracketed[1]));
    return;
  }
  if (out.add("ipv6", normaliseIpv6(host))) return;
  out.add("domain", normaliseDomain(host.replace(HOST_PORT, "")));
}

function addUrl(out: Collector, token: string): void {
  const url = normaliseUrl(token);
  if (!url) return;
  out.add("url", url);
  addHost(out, new URL(url).hostname);
}

function addPart(out: Collector, raw: string): void {
  const part = raw.replace(LEADING, "").replace(TRAILING, "");
  if (part.length < 3) return;
  if (part.includes("@")) {
    out.add("email", normaliseEmail(part.replace(/^mailto:/i, "")));
    return;
  }
  const slash = part.indexOf("/");
  if (slash >= 0) {
    if (out.add("cidr", normaliseCidr(part))) return;
    if (slash > 0) addHost(out, part.slice(0, slash));
    out.add("filename", normaliseFilename(part));
    return;
  }
  if (part.includes("\\")) {
    out.add("filename", normaliseFilename(part));
    return;
  }
  addHost(out, part);
  out.add("filename", normaliseFilename(part));
}

function addToken(out: Collector, raw: string): void {
  if (raw.length > MAX_TOKEN) return;
  const bracketed = BRACKETED_IPV6.exec(raw);
  if (bracketed?.[1]) {
    out.add("ipv6", normaliseIpv6(bracketed[1]));
    return;
  }
  // `1::` ends in colons that trailing punctuation stripping would eat.
  if (out.add("ipv6", normaliseIpv6(raw.replace(LEADING, "").replace(/[.,;!?)\]}]+$/, "")))) {
    return;
  }
  const token = raw.replace(LEADING, "").replace(TRAILING, "");
  if (/^[a-z][a-z0-9+.-]{0,15}:\/\//i.test(token)) {
    addUrl(out, token);
    return;
  }
  for (const part of token.split(PART_SPLIT)) addPart(out, part);
}

/**
 * Finds the observables in free text (subjects, bodies, headers, text
 * attachments): refanged, normalised and deduplicated, in order of first
 * appearance. Pure, never throws, linear in the input.
 */
export function extractObservables(text: string): ExtractedObservable[] {
  const out = new Collector();
  let clean: string;
  try {
    clean = refang(text.normalize("NFC"));
  } catch {
    return [];
  }
  for (const token of clean.split(TOKEN_SPLIT)) {
    if (token) addToken(out, token);
  }
  for (const m of clean.matchAll(HEX_RUN)) {
    const type = hashTypeOf(m[0]);
    if (type) out.add(type, m[0].toLowerCase());
  }
  for (const m of clean.matchAll(CVE_ID)) out.add("cve", normaliseCve(m[0]));
  for (const m of clean.matchAll(ASN_ID)) out.add("asn", normaliseAsn(m[1] ?? ""));
  return [...out.items.values()];
}
