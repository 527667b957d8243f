/**
 * RSIT suggestions from keywords (English and French) and observable types.
 * Pure: a handler sees why each class is proposed, and picks.
 */

export interface RsitSuggestion {
  class: string;
  type: string;
  score: number;
  reason: string;
}

interface KeywordRule {
  class: string;
  type: string;
  /** Lower-case, accent-free words or phrases, matched on word boundaries. */
  keywords: readonly string[];
}

const rules: readonly KeywordRule[] = [
  {
    class: "fraud",
    type: "phishing",
    keywords: [
      "phishing",
      "phish",
      "hameconnage",
      "filoutage",
      "fake login",
      "faux site",
      "credential harvesting",
      "spear phishing",
      "smishing",
      "vishing",
    ],
  },
  {
    class: "malicious-code",
    type: "infected-system",
    keywords: [
      "ransomware",
      "rancongiciel",
      "rancongiciels",
      "ransom",
      "rancon",
      "chiffre nos fichiers",
      "encrypted our files",
      "malware",
      "logiciel malveillant",
      "maliciel",
      "trojan",
      "cheval de troie",
      "virus",
      "infected",
      "infecte",
      "worm",
      "ver informatique",
      "botnet",
    ],
  },
  {
    class: "malicious-code",
    type: "c2-server",
    keywords: [
      "c2",
      "c&c",
      "command and control",
      "commande et controle",
      "beacon",
      "beaconing",
      "cobalt strike",
    ],
  },
  {
    class: "malicious-code",
    type: "malware-distribution",
    keywords: [
      "malware distribution",
      "drive-by",
      "malicious attachment",
      "piece jointe malveillante",
      "dropper",
    ],
  },
  {
    class: "availability",
    type: "ddos",
    keywords: ["ddos", "denial of service", "deni de service", "flood", "syn flood", "saturation"],
  },
  {
    class: "availability",
    type: "outage",
    keywords: ["outage", "panne", "indisponible", "unavailable", "down"],
  },
  {
    class: "information-gathering",
    type: "scanner",
    keywords: [
      "scan",
      "scans",
      "scanning",
      "port scan",
      "balayage",
      "reconnaissance",
      "nmap",
      "masscan",
    ],
  },
  {
    class: "intrusion-attempts",
    type: "brute-force",
    keywords: [
      "brute force",
      "bruteforce",
      "force brute",
      "credential stuffing",
      "password spraying",
      "bourrage d identifiants",
    ],
  },
  {
    class: "intrusion-attempts",
    type: "exploit",
    keywords: [
      "exploit",
      "exploitation",
      "rce",
      "remote code execution",
      "execution de code a distance",
      "sql injection",
      "injection sql",
    ],
  },
  {
    class: "intrusions",
    type: "unprivileged-account-compromise",
    keywords: [
      "credential",
      "credentials",
      "identifiants",
      "mot de passe",
      "password",
      "compromised account",
      "compte compromis",
      "account takeover",
    ],
  },
  {
    class: "intrusions",
    type: "system-compromise",
    keywords: ["compromise", "compromission", "intrusion", "backdoor", "porte derobee", "webshell"],
  },
  {
    class: "information-content-security",
    type: "data-leak",
    keywords: [
      "leak",
      "leaked",
      "data leak",
      "fuite",
      "fuite de donnees",
      "exfiltration",
      "dump",
      "pastebin",
      "divulgation",
    ],
  },
  {
    class: "information-content-security",
    type: "unauthorised-information-modification",
    keywords: ["defacement", "defaced", "defacage", "defiguration", "defigure"],
  },
  {
    class: "abusive-content",
    type: "spam",
    keywords: ["spam", "pourriel", "pourriels", "junk mail", "courrier indesirable", "unsolicited"],
  },
  {
    class: "vulnerable",
    type: "vulnerable-system",
    keywords: [
      "vulnerability",
      "vulnerable",
      "vulnerabilite",
      "cve",
      "unpatched",
      "non corrige",
      "faille",
    ],
  },
  {
    class: "fraud",
    type: "masquerade",
    keywords: [
      "impersonation",
      "usurpation",
      "typosquatting",
      "fake domain",
      "faux domaine",
      "ceo fraud",
      "fraude au president",
    ],
  },
];

/** Observable types that hint at a class, weaker than a keyword. */
const observableHints: Readonly<Record<string, { class: string; type: string }>> = {
  cve: { class: "vulnerable", type: "vulnerable-system" },
  md5: { class: "malicious-code", type: "infected-system" },
  sha1: { class: "malicious-code", type: "infected-system" },
  sha256: { class: "malicious-code", type: "infected-system" },
  sha512: { class: "malicious-code", type: "infected-system" },
  filename: { class: "malicious-code", type: "infected-system" },
  url: { class: "fraud", type: "phishing" },
};

/** Lower case, accents and punctuation folded to spaces: "Hameçonnage!" → "hameconnage". */
function normalise(text: string): string {
  return ` ${text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9&]+/g, " ")} `;
}

/**
 * Ranked RSIT class/type suggestions for a text (subject, body) and the types
 * of the observables found in it. Each keyword counts 2, each hinting
 * observable type 1; the reason lists what matched.
 */
export function suggestRsit(
  text: string,
  observableTypes: readonly string[] = [],
): RsitSuggestion[] {
  const haystack = normalise(text);
  const byKey = new Map<
    string,
    { class: string; type: string; score: number; matched: string[]; hints: string[] }
  >();
  const entry = (cls: string, type: string) => {
    const key = `${cls}/${type}`;
    let e = byKey.get(key);
    if (!e) {
      e = { class: cls, type, score: 0, matched: [], hints: [] };
      byKey.set(key, e);
    }
    return e;
  };
  for (const rule of rules) {
    for (const keyword of rule.keywords) {
      if (haystack.includes(normalise(keyword))) {
        const e = entry(rule.class, rule.type);
        e.score += 2;
        e.matched.push(keyword);
      }
    }
  }
  for (const type of new Set(observableTypes)) {
    const hint = observableHints[type];
    if (hint) {
      const e = entry(hint.class, hint.type);
      e.score += 1;
      e.hints.push(type);
    }
  }
  return [...byKey.values()]
    .sort(
      (a, b) => b.score - a.score || a.class.localeCompare(b.class) || a.type.localeCompare(b.type),
    )
    .map((e) => ({
      class: e.class,
      type: e.type,
      score: e.score,
      reason: [
        e.matched.length > 0 ? `keywords: ${e.matched.join(", ")}` : "",
        e.hints.length > 0 ? `observables: ${e.hints.join(", ")}` : "",
      ]
        .filter(Boolean)
        .join("; "),
    }));
}
