import { type Pap, papLevels, parsePap, parseTlp, type Tlp, tlpRank } from "../marking/marking.ts";

export const intakePurposes = ["cert", "psirt"] as const;
export type IntakePurpose = (typeof intakePurposes)[number];
export const ackLanguages = ["en", "fr"] as const;
export type AckLanguage = (typeof ackLanguages)[number];

const TLP_LABEL = /\bTLP\s*:\s*(CLEAR|WHITE|GREEN|AMBER\s*\+\s*STRICT|AMBER|RED)\b/gi;
const PAP_LABEL = /\bPAP\s*:\s*(CLEAR|WHITE|GREEN|AMBER|RED)\b/gi;

/**
 * The TLP and PAP labels written in a subject or body (`TLP:AMBER`,
 * `TLP:AMBER+STRICT`, `PAP:RED`, any case). Several labels: the most
 * restrictive wins, so a reporter's strictest marking is never lowered.
 */
export function parseMarkings(...texts: string[]): { tlp: Tlp | null; pap: Pap | null } {
  let tlp: Tlp | null = null;
  let pap: Pap | null = null;
  for (const text of texts) {
    for (const m of text.matchAll(TLP_LABEL)) {
      const found = parseTlp((m[1] ?? "").replace(/\s+/g, ""));
      if (found && (tlp === null || tlpRank(found) > tlpRank(tlp))) tlp = found;
    }
    for (const m of text.matchAll(PAP_LABEL)) {
      const label = (m[1] ?? "").toUpperCase() === "WHITE" ? "CLEAR" : (m[1] ?? "");
      const found = parsePap(label);
      if (found && (pap === null || papLevels.indexOf(found) > papLevels.indexOf(pap))) pap = found;
    }
  }
  return { tlp, pap };
}

/** The seeds' convention: `[URGENT]` in the subject. */
export function isUrgent(subject: string): boolean {
  return /\[\s*urgent\s*\]/i.test(subject);
}

/** The reference tag Vigil puts in subjects: `[VIGIL #123]`. */
export const subjectTag = (ref: number): string => `[VIGIL #${ref}]`;

/** The case reference a subject is tagged with, if any. */
export function parseSubjectTag(subject: string): number | null {
  const m = /\[\s*VIGIL\s*#\s*(\d{1,9})\s*\]/i.exec(subject);
  return m ? Number(m[1]) : null;
}

/** Message-IDs in an In-Reply-To or References header, without angle brackets. */
export function parseMessageIds(value: string | undefined | null): string[] {
  if (!value) return [];
  const ids = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => m[1] as string);
  return ids.length > 0 ? ids : value.split(/\s+/).filter((v) => v.includes("@"));
}

/** A bare, lower-cased address from `Name <a@b>` or `<a@b>`. */
export function normaliseAddress(value: string): string {
  const m = /<([^<>]*)>/.exec(value);
  return (m ? (m[1] ?? "") : value).trim().toLowerCase();
}

/**
 * Why no automatic reply may be sent (RFC 3834 §2 and common practice), or
 * null: auto-replies, bounces, mailing lists and bulk mail never get one, so
 * two robots cannot answer each other forever.
 */
export function autoReplySuppression(input: {
  envelopeFrom: string;
  fromAddress: string | null;
  header: (name: string) => string | undefined;
  contentType: string;
}): string | null {
  const { header } = input;
  const autoSubmitted = header("auto-submitted")?.trim().toLowerCase();
  if (autoSubmitted && autoSubmitted !== "no") return `Auto-Submitted: ${autoSubmitted}`;
  const precedence = header("precedence")?.trim().toLowerCase();
  if (precedence && ["bulk", "junk", "list"].includes(precedence)) {
    return `Precedence: ${precedence}`;
  }
  if (header("list-id") || header("list-unsubscribe")) return "mailing list (List-Id)";
  const suppress = header("x-auto-response-suppress")?.toLowerCase() ?? "";
  if (/\b(all|autoreply|oof)\b/.test(suppress)) return `X-Auto-Response-Suppress: ${suppress}`;
  if (input.contentType === "multipart/report") return "delivery report (multipart/report)";
  const envelope = normaliseAddress(input.envelopeFrom);
  if (envelope === "") return "null envelope sender (bounce)";
  for (const address of [envelope, input.fromAddress ?? ""]) {
    const local = address.split("@")[0] ?? "";
    if (/^(mailer-daemon|postmaster|nobody|no-?reply|do-?not-?reply)$/i.test(local)) {
      return `automated sender ${address}`;
    }
    if (/^owner-|-request$/i.test(local)) return `list address ${address}`;
  }
  if (!input.fromAddress) return "no From address";
  return null;
}

/**
 * The acknowledgement language: Content-Language, then Accept-Language (by
 * q-value), then the address's default.
 */
export function chooseLanguage(
  header: (name: string) => string | undefined,
  fallback: AckLanguage,
): AckLanguage {
  const supported = (tag: string): AckLanguage | null => {
    const primary = tag.trim().toLowerCase().split(/[-_]/)[0] ?? "";
    return (ackLanguages as readonly string[]).includes(primary) ? (primary as AckLanguage) : null;
  };
  for (const tag of (header("content-language") ?? "").split(",")) {
    const lang = supported(tag);
    if (lang) return lang;
  }
  const ranked = (header("accept-language") ?? "")
    .split(",")
    .map((item, index) => {
      const [tag = "", ...params] = item.split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { tag, q: q === undefined ? 1 : Number(q), index };
    })
    .filter((e) => e.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    const lang = supported(tag);
    if (lang) return lang;
  }
  return fallback;
}

export interface AckTemplate {
  subject: string;
  body: string;
}

/** Built-in acknowledgement texts; a tenant's own rows in intake_ack_templates replace them. */
export const defaultAckTemplates: Record<AckLanguage, AckTemplate> = {
  en: {
    subject: "{{tag}} Re: {{subject}}",
    body: [
      "Hello,",
      "",
      "We have received your message and recorded it as report {{tag}}.",
      "Please keep this reference in the subject of any further message about it.",
      "",
      "Received: {{receivedAt}}",
      "Marking: {{tlp}}",
      "",
      "This is an automatic acknowledgement; a team member will follow up.",
    ].join("\n"),
  },
  fr: {
    subject: "{{tag}} Re: {{subject}}",
    body: [
      "Bonjour,",
      "",
      "Nous avons bien reçu votre message et l'avons enregistré sous la référence {{tag}}.",
      "Merci de conserver cette référence dans l'objet de vos prochains messages à ce sujet.",
      "",
      "Reçu le : {{receivedAt}}",
      "Marquage : {{tlp}}",
      "",
      "Ceci est un accusé de réception automatique ; un membre de l'équipe reviendra vers vous.",
    ].join("\n"),
  },
};

/** Replaces `{{name}}` placeholders; unknown names are left visible rather than silently dropped. */
export function renderTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(values, name) ? (values[name] as string) : whole,
  );
}

/** The first lines of a message body, for a report summary. */
export function summarise(text: string, max = 4000): string {
  const trimmed = text.replace(/\r\n/g, "\n").trim();
  return trimmed.length <= max ? trimmed : `${trimmed.slice(0, max - 1)}…`;
}
