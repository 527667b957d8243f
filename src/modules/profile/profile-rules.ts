import { DomainError } from "../../platform/errors.ts";
import { type Actor, assertCan, isTeamMember } from "../identity/actor.ts";
import type { ProfileKey, TeamProfile, WeeklyHours } from "./profile.schemas.ts";

/** security.txt `Expires` default: 180 days from publication (RFC 9116 wants less than a year). */
export const DEFAULT_SECURITY_TXT_DAYS = 180;
export const MAX_SECURITY_TXT_DAYS = 364;
/** The expiry job warns this many days before security.txt expires. */
export const SECURITY_TXT_WARNING_DAYS = 30;

/** Editing what the team publishes is an admin task, like its keys. */
export function assertCanEditProfile(actor: Actor): void {
  assertCan(actor, "tenants:manage");
}

/** Team members read the profile (with key checks) in the admin API; the rendered text is public. */
export function assertCanReadProfile(actor: Actor): void {
  if (!isTeamMember(actor))
    throw new DomainError("FORBIDDEN", "Only team members see the profile.");
  assertCan(actor, "cases:read");
}

/** "3.0" → "3.1", "1.9" → "1.10", "2" → "2.1", "v4-draft" → "v4-draft.1". */
export function nextDocumentVersion(version: string): string {
  const match = /^(.*?)(\d+)$/.exec(version);
  if (!match || !version.includes(".")) return `${version}.1`;
  return `${match[1]}${Number(match[2]) + 1}`;
}

/**
 * The document an edit publishes: a new version and today's date (unless the
 * editor set a different version), and 1.1's prose dropped when unchanged, since
 * it described the previous version.
 */
export function nextEditedProfile(
  before: TeamProfile,
  submitted: TeamProfile,
  today: string,
): TeamProfile {
  const versionChosen = submitted.document.version !== before.document.version;
  const lastUpdateUnchanged =
    submitted.document.lastUpdate.text === before.document.lastUpdate.text;
  return {
    ...submitted,
    document: {
      ...submitted.document,
      version: versionChosen
        ? submitted.document.version
        : nextDocumentVersion(before.document.version),
      lastUpdated: today,
      lastUpdate: {
        ...submitted.document.lastUpdate,
        text: lastUpdateUnchanged ? "" : submitted.document.lastUpdate.text,
      },
    },
  };
}

/** The calendar SLA clocks run on: the profile's time zone, weekly hours and holidays. */
export interface TeamCalendar {
  timeZone: string;
  weeklyHours: WeeklyHours;
  holidays: string[];
}

export function profileCalendar(profile: TeamProfile): TeamCalendar {
  const hours = profile.contact.operatingHours;
  return {
    timeZone: profile.contact.timeZone.zone,
    weeklyHours: hours.weekly,
    holidays: [...new Set(hours.holidays.map((h) => h.date))].sort(),
  };
}

export type KeyCheckStatus = "matches" | "mismatch" | "not-stored";

export interface KeyCheck {
  purpose: ProfileKey["purpose"];
  fingerprint: string;
  status: KeyCheckStatus;
  storedFingerprint: string | null;
}

/** Each listed key against the team's stored primary key of its purpose. */
export function checkListedKeys(
  listed: ProfileKey[],
  storedByPurpose: Partial<Record<ProfileKey["purpose"], string>>,
): KeyCheck[] {
  return listed.map((key) => {
    const stored = storedByPurpose[key.purpose] ?? null;
    const status: KeyCheckStatus =
      stored === null ? "not-stored" : stored === key.fingerprint ? "matches" : "mismatch";
    return {
      purpose: key.purpose,
      fingerprint: key.fingerprint,
      status,
      storedFingerprint: stored,
    };
  });
}

/** Refuses to publish a profile that lists a key other than the one Vigil signs with. */
export function assertKeysMatch(checks: KeyCheck[]): void {
  const wrong = checks.filter((c) => c.status === "mismatch");
  if (wrong.length === 0) return;
  throw new DomainError(
    "PROFILE_KEY_MISMATCH",
    wrong
      .map(
        (c) =>
          `The profile lists ${c.purpose} key ${c.fingerprint}, but the stored ${c.purpose} key is ${c.storedFingerprint}.`,
      )
      .join(" "),
    { keys: wrong },
  );
}

const hexRun = (hex: string) => hex.split("").join("[ \\t]?");

/**
 * An imported document names the keys the team used elsewhere; Vigil signs with
 * its stored keys. Rebinds each listed key to the stored key of its purpose, in
 * the structured list and in the section's prose (fingerprint and short key id),
 * and says so.
 */
export function bindListedKeys(
  profile: TeamProfile,
  storedByPurpose: Partial<Record<ProfileKey["purpose"], string>>,
): { profile: TeamProfile; warnings: string[] } {
  const warnings: string[] = [];
  const section = profile.contact.publicKeys;
  let texts = [section.text, ...section.subsections.map((s) => s.text)];
  const keys = section.keys.map((key) => {
    const stored = storedByPurpose[key.purpose];
    if (!stored || stored === key.fingerprint) return key;
    warnings.push(
      `The document lists ${key.purpose} key ${key.fingerprint}; Vigil publishes its stored ${key.purpose} key ${stored} instead.`,
    );
    const spaced = new RegExp(hexRun(key.fingerprint), "gi");
    const keyId = new RegExp(`0x${key.fingerprint.slice(-8)}\\b`, "gi");
    texts = texts.map((t) =>
      t
        .replace(spaced, (m) => (/\s/.test(m) ? stored.replace(/(.{4})(?=.)/g, "$1 ") : stored))
        .replace(keyId, `0x${stored.slice(-8)}`),
    );
    return { ...key, fingerprint: stored };
  });
  const [text = "", ...subTexts] = texts;
  return {
    warnings,
    profile: {
      ...profile,
      contact: {
        ...profile.contact,
        publicKeys: {
          ...section,
          text,
          keys,
          subsections: section.subsections.map((s, i) => ({ ...s, text: subTexts[i] ?? s.text })),
        },
      },
    },
  };
}

/** How and where the profile is published (from VIGIL_BASE_URL and the profile settings). */
export interface ProfilePublishing {
  /** VIGIL_BASE_URL without a trailing slash. */
  baseUrl: string;
  /** Path of the RFC 2350 text without extension (`/rfc2350` → /rfc2350.txt, .md, .html). */
  rfc2350Path: string;
  /** Days from publication to security.txt's Expires (1–364). */
  securityTxtDays: number;
  /** The at-rest passphrase of team secret keys, for signing. */
  keyPassphrase: () => string;
}

export const securityTxtPath = "/.well-known/security.txt";

export const publicUrls = (p: Pick<ProfilePublishing, "baseUrl" | "rfc2350Path">) => ({
  rfc2350: `${p.baseUrl}${p.rfc2350Path}.txt`,
  securityTxt: `${p.baseUrl}${securityTxtPath}`,
});
