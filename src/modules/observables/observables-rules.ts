import { domainToASCII } from "node:url";
import { parse as parseDomain } from "tldts";

/** The observable kinds Vigil extracts, stores and correlates. */
export const observableTypes = [
  "ipv4",
  "ipv6",
  "cidr",
  "domain",
  "url",
  "email",
  "md5",
  "sha1",
  "sha256",
  "sha512",
  "cve",
  "asn",
  "filename",
] as const;
export type ObservableType = (typeof observableTypes)[number];

/** Types stored with an `inet` address so containment (`inet <<= cidr`) can be searched. */
export const addressTypes: readonly ObservableType[] = ["ipv4", "ipv6", "cidr"];

export interface ExtractedObservable {
  type: ObservableType;
  value: string;
}

const MAX_VALUE_LENGTH = 2048;
const hashLengths: Record<number, ObservableType> = {
  32: "md5",
  40: "sha1",
  64: "sha256",
  128: "sha512",
};

/** File extensions that make a token a file name (not a domain unless the suffix is a real TLD). */
export const fileExtensions = new Set(
  (
    "exe dll sys scr bat cmd ps1 psm1 vbs vbe js jse wsf hta msi msp lnk jar apk dmg pkg " +
    "iso img vhd vhdx elf so bin sh py pl rb php asp aspx jsp war " +
    "doc docx docm dot dotm xls xlsx xlsm xlsb ppt pptx pptm rtf pdf odt ods odp one " +
    "zip rar 7z gz tgz bz2 xz tar cab arj ace " +
    "txt csv log htm html xml json eml msg ics svg png jpg jpeg gif"
  ).split(" "),
);

/** Dotted decimal IPv4; octets above 255 make it invalid. Leading zeros are read as decimal. */
export function normaliseIpv4(input: string): string | undefined {
  const parts = input.split(".");
  if (parts.length !== 4) return undefined;
  const octets: number[] = [];
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    octets.push(n);
  }
  return octets.join(".");
}

/** RFC 5952 canonical text (lower-case, longest zero run compressed) via the WHATWG URL parser. */
export function normaliseIpv6(input: string): string | undefined {
  const bare = input.startsWith("[") && input.endsWith("]") ? input.slice(1, -1) : input;
  if (!bare.includes(":") || !/^[0-9a-f:.]+$/i.test(bare) || !/[0-9a-f]/i.test(bare)) {
    return undefined;
  }
  try {
    return new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  } catch {
    return undefined;
  }
}

function ipv6ToBigInt(canonical: string): bigint {
  const expanded = new URL(`http://[${canonical}]/`).hostname.slice(1, -1);
  const [head = "", tail = ""] = expanded.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = expanded.includes("::")
    ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t]
    : h;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g, 16)), 0n);
}

function bigIntToIpv6(n: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  return normaliseIpv6(groups.join(":")) as string;
}

/** A network in canonical form, host bits cleared: `10.1.2.3/8` → `10.0.0.0/8`. */
export function normaliseCidr(input: string): string | undefined {
  const slash = input.indexOf("/");
  if (slash < 0) return undefined;
  const address = input.slice(0, slash);
  const lengthText = input.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText)) return undefined;
  const length = Number(lengthText);
  const v4 = normaliseIpv4(address);
  if (v4) {
    if (length > 32) return undefined;
    const n = v4.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    const net = n - (n % 2 ** (32 - length));
    const octets = [24, 16, 8, 0].map((s) => Math.floor(net / 2 ** s) % 256);
    return `${octets.join(".")}/${length}`;
  }
  const v6 = normaliseIpv6(address);
  if (v6) {
    if (length > 128) return undefined;
    const bits = 128n - BigInt(length);
    const net = (ipv6ToBigInt(v6) >> bits) << bits;
    return `${bigIntToIpv6(net)}/${length}`;
  }
  return undefined;
}

/**
 * A registrable host name: lower-case, IDN as punycode, ending in a public
 * suffix known to the Public Suffix List (so `report.pdf` is not a domain).
 */
export function normaliseDomain(input: string): string | undefined {
  const trimmed = input.endsWith(".") ? input.slice(0, -1) : input;
  if (trimmed.length === 0 || trimmed.length > 253) return undefined;
  if (!/^[\p{L}\p{N}._-]+$/u.test(trimmed) || !trimmed.includes(".")) return undefined;
  const ascii = domainToASCII(trimmed.toLowerCase());
  if (!ascii || ascii.length > 253) return undefined;
  const labels = ascii.split(".");
  if (labels.some((l) => l.length === 0 || l.length > 63 || l.startsWith("-") || l.endsWith("-")))
    return undefined;
  if (!labels.every((l) => /^[a-z0-9_-]+$/.test(l))) return undefined;
  const parsed = parseDomain(ascii);
  if (parsed.isIp || !parsed.domain || !(parsed.isIcann || parsed.isPrivate)) return undefined;
  return ascii;
}

function normaliseHost(host: string): boolean {
  if (host.startsWith("[")) return normaliseIpv6(host) !== undefined;
  return normaliseIpv4(host) !== undefined || /^[a-z0-9._-]+$/.test(host);
}

const urlSchemes = new Set(["http", "https", "ftp", "ftps", "sftp", "ws", "wss", "smb"]);

/** WHATWG-normalised URL (lower-case scheme and host, default port dropped, IDN as punycode). */
export function normaliseUrl(input: string): string | undefined {
  const scheme = /^([a-z][a-z0-9+.-]{0,15}):\/\//i.exec(input)?.[1]?.toLowerCase();
  if (input.length > MAX_VALUE_LENGTH || !scheme || !urlSchemes.has(scheme)) return undefined;
  try {
    const url = new URL(input);
    if (!url.hostname || !normaliseHost(url.hostname)) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}

const LOCAL_PART = /^[a-z0-9!#$%&*+/=?^_{|}~-]+(?:\.[a-z0-9!#$%&*+/=?^_{|}~-]+)*$/;

/** Lower-case address with a valid local part and a public-suffix domain. */
export function normaliseEmail(input: string): string | undefined {
  const at = input.lastIndexOf("@");
  if (at <= 0 || at > 64 || input.length > 254) return undefined;
  const local = input.slice(0, at).toLowerCase();
  const domain = normaliseDomain(input.slice(at + 1));
  if (!domain || !LOCAL_PART.test(local)) return undefined;
  return `${local}@${domain}`;
}

export function normaliseHash(type: ObservableType, input: string): string | undefined {
  const value = input.toLowerCase();
  return /^[0-9a-f]+$/.test(value) && hashLengths[value.length] === type ? value : undefined;
}

export function normaliseCve(input: string): string | undefined {
  const m = /^cve-(\d{4})-(\d{4,7})$/i.exec(input);
  return m ? `CVE-${m[1]}-${m[2]}` : undefined;
}

export function normaliseAsn(input: string): string | undefined {
  const m = /^(?:asn?\s?)?(\d{1,10})$/i.exec(input);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n >= 1 && n <= 4_294_967_295 ? `AS${n}` : undefined;
}

/** A bare file name with a known extension (paths are reduced to their last segment). */
export function normaliseFilename(input: string): string | undefined {
  const base = input.split(/[\\/]/).pop() ?? "";
  if (
    base.length < 3 ||
    base.length > 255 ||
    /[<>:"|?*]/.test(base) ||
    [...base].some((ch) => ch.charCodeAt(0) < 32)
  )
    return undefined;
  const dot = base.lastIndexOf(".");
  if (dot <= 0) return undefined;
  return fileExtensions.has(base.slice(dot + 1).toLowerCase()) ? base : undefined;
}

/**
 * The canonical value of an observable of a given type, or undefined when the
 * value is not one. Manual additions, IOC imports and correlation queries all
 * go through here so that equal observables compare equal.
 */
export function normaliseObservable(type: ObservableType, input: string): string | undefined {
  const value = input.trim();
  if (value.length === 0 || value.length > MAX_VALUE_LENGTH) return undefined;
  switch (type) {
    case "ipv4":
      return normaliseIpv4(value);
    case "ipv6":
      return normaliseIpv6(value);
    case "cidr":
      return normaliseCidr(value);
    case "domain":
      return normaliseDomain(value);
    case "url":
      return normaliseUrl(value);
    case "email":
      return normaliseEmail(value);
    case "md5":
    case "sha1":
    case "sha256":
    case "sha512":
      return normaliseHash(type, value);
    case "cve":
      return normaliseCve(value);
    case "asn":
      return normaliseAsn(value);
    case "filename":
      return normaliseFilename(value);
  }
}

/** The hash type for a hex digest of this length, if any. */
export function hashTypeOf(hex: string): ObservableType | undefined {
  return hashLengths[hex.length];
}

/** The `inet` text stored beside address observables (IPv4, IPv6, CIDR); null for others. */
export function addressOf(type: ObservableType, value: string): string | null {
  return addressTypes.includes(type) ? value : null;
}

/**
 * Makes an indicator safe to paste (`hxxps://evil[.]example/`, `a[@]b[.]c`).
 * The inverse of extraction's refanging; used in tests and outgoing text.
 */
export function defang(value: string): string {
  return value
    .replace(/^http/i, "hxxp")
    .replace(/^ftp/i, "fxp")
    .replaceAll(".", "[.]")
    .replaceAll("@", "[@]");
}
