/** One numbered section of an RFC 2350 text, as written. */
export interface OutlineSection {
  /** [2, 7, 1] for "2.7.1." */
  number: number[];
  title: string;
  /** The text up to the next accepted heading, blank-line runs collapsed. */
  body: string;
}

export interface Outline {
  /** Text before section 1 (title page, version history), table-of-contents lines removed. */
  preamble: string;
  sections: OutlineSection[];
}

// "2.7.1. Title", "2.7.1 Title", "2.7.1.\tTitle", "  3. CHARTER"; the title holds no tab
// (tab-separated lines are tables and TOC entries with page numbers).
const HEADING = /^[ \t]*(\d{1,2}(?:\.\d{1,2}){0,3})\.?[ \t]+([\p{L}"“'(][^\t]*?)[ \t]*$/u;
// "1.1. Date of last update<TAB>6", "Version History<TAB>4", "Charter ........ 5".
const TOC_LINE = /^[^\t]+\t+\d{1,3}[ \t]*$|\.{4,}[ \t]*\d{1,3}[ \t]*$/;
const TOC_TITLE = /^\s*(table of )?contents\s*$/i;
// PDF-to-text conversions leave page separators such as a lone "Section" line.
const PAGE_ARTEFACT = /^\s*section\s*$/i;
const MAX_TITLE_LENGTH = 120;

function compareNumbers(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Whether a numbered line continues the outline: chapters count up (one may be
 * missing), sub-sections stay in their chapter, go forward, and descend one level
 * at a time. This is what keeps numbered lists and table rows out of the headings.
 */
function continuesOutline(prev: number[] | undefined, next: number[]): boolean {
  const [chapter = 0] = next;
  if (!prev) return next.length === 1 && chapter === 1;
  const prevChapter = prev[0] ?? 0;
  if (next.length === 1) return chapter > prevChapter && chapter <= prevChapter + 2;
  return (
    chapter === prevChapter && next.length <= prev.length + 1 && compareNumbers(next, prev) > 0
  );
}

function looksLikeHeading(title: string): boolean {
  return title.length <= MAX_TITLE_LENGTH && !/[.;,]$/.test(title);
}

function tidy(lines: string[]): string {
  return lines
    .filter((l) => !PAGE_ARTEFACT.test(l))
    .map((l) => l.replace(/[ \t]+$/, ""))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/**
 * Splits an RFC 2350 text into its numbered sections. Tolerant of what real
 * documents do: "1.1." or "1.1", tabs, upper-case headings, a table of contents
 * (with page numbers, or repeating the headings without text), version tables.
 */
export function parseRfc2350Outline(input: string): Outline {
  const lines = input
    .replace(/\r\n?/g, "\n")
    .replace(/[\u00a0\u2007\u202f]/g, " ")
    .split("\n");
  const preamble: string[] = [];
  let sections: { number: number[]; title: string; lines: string[] }[] = [];
  for (const line of lines) {
    const match = HEADING.exec(line);
    const number = match?.[1]?.split(".").map(Number);
    const title = match?.[2]?.trim();
    const prev = sections.at(-1)?.number;
    if (number && title && looksLikeHeading(title)) {
      // A table of contents repeating the headings: "1." again while nothing has a body yet.
      const restartsAfterToc =
        prev !== undefined &&
        number.length === 1 &&
        number[0] === 1 &&
        sections.every((s) => tidy(s.lines) === "");
      if (restartsAfterToc) sections = [];
      if (restartsAfterToc || continuesOutline(prev, number)) {
        sections.push({ number, title, lines: [] });
        continue;
      }
    }
    const current = sections.at(-1);
    if (current) current.lines.push(line);
    else if (!TOC_LINE.test(line) && !TOC_TITLE.test(line)) preamble.push(line);
  }
  return {
    preamble: tidy(preamble),
    sections: sections.map((s) => ({ number: s.number, title: s.title, body: tidy(s.lines) })),
  };
}

/** A heading compared loosely: case, punctuation and spacing do not matter. */
export function normaliseHeading(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
