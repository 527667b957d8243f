import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { parseRfc2350Outline } from "./rfc2350-parser.ts";

const outline = (text: string) =>
  parseRfc2350Outline(text).sections.map((s) => [s.number.join("."), s.title, s.body]);

describe("parseRfc2350Outline", () => {
  test("numbering and spacing variants: 1.1. and 1.1, tabs, upper case", () => {
    const text = [
      "1.\tDOCUMENT INFORMATION",
      "Intro.",
      "1.1 Date of last update",
      "Today.",
      "1.2.\tDistribution list",
      "None.",
      "  2. Contact",
      "2.1.  Name of the team",
      "CERT-X",
    ].join("\n");
    assert.deepEqual(outline(text), [
      ["1", "DOCUMENT INFORMATION", "Intro."],
      ["1.1", "Date of last update", "Today."],
      ["1.2", "Distribution list", "None."],
      ["2", "Contact", ""],
      ["2.1", "Name of the team", "CERT-X"],
    ]);
  });

  test("a table of contents with page numbers stays out of the preamble and the sections", () => {
    const text =
      "Title page\n\nTable of Contents\n1. Document\t3\n1.1. Update\t3\nVersion History\t2\n\n1. Document\n\n1.1. Update\n\nText.";
    const parsed = parseRfc2350Outline(text);
    assert.equal(parsed.preamble, "Title page");
    assert.deepEqual(outline(text), [
      ["1", "Document", ""],
      ["1.1", "Update", "Text."],
    ]);
  });

  test("a table of contents repeating the headings without text is dropped", () => {
    const text =
      "1. Document\n1.1. Update\n2. Contact\n\n1. Document\nAbout.\n1.1. Update\nToday.\n2. Contact\nMail us.";
    assert.deepEqual(outline(text), [
      ["1", "Document", "About."],
      ["1.1", "Update", "Today."],
      ["2", "Contact", "Mail us."],
    ]);
  });

  test("version tables, numbered lists and sentences are not headings", () => {
    const text = [
      "1.0\t15-Sep-2016\tDocument creation\tAll",
      "1. Charter",
      "Our goals:",
      "1. Respond to incidents.",
      "3.0 version released",
      "2. Services",
      "1. Triage comes first",
      "2.1 Triage",
      "Done.",
    ].join("\n");
    assert.deepEqual(outline(text), [
      ["1", "Charter", "Our goals:\n1. Respond to incidents.\n3.0 version released"],
      ["2", "Services", "1. Triage comes first"],
      ["2.1", "Triage", "Done."],
    ]);
    assert.equal(parseRfc2350Outline(text).preamble, "1.0\t15-Sep-2016\tDocument creation\tAll");
  });

  test("renumbered sections (Cheops' 5.3, 5.4) keep their numbers; lone 'Section' page marks go", () => {
    const text =
      "5. Services\n5.3. Incident reporting forms\nMail.\nSection\n5.4. Disclaimers\nNone.";
    assert.deepEqual(outline(`1. A\n2. B\n3. C\n4. D\n${text}`).slice(4), [
      ["5", "Services", ""],
      ["5.3", "Incident reporting forms", "Mail."],
      ["5.4", "Disclaimers", "None."],
    ]);
  });
});

const title = fc
  .stringMatching(/^[A-Z][a-z]{1,12}( [a-z]{1,10}){0,4}$/)
  .filter((t) => t.length <= 60);
const paragraph = fc.stringMatching(/^[a-z]{1,10}( [a-z]{1,10}){0,12}\.$/);
const section = fc.record({
  title,
  body: fc.array(paragraph, { maxLength: 3 }).map((p) => p.join("\n\n")),
  children: fc.array(fc.record({ title, body: paragraph }), { maxLength: 3 }),
});
const styles = fc.record({
  trailingDot: fc.boolean(),
  separator: fc.constantFrom(" ", "\t", "  "),
  upper: fc.boolean(),
});

describe("properties", () => {
  test("any text parses without throwing, and every section title is a single line", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        for (const s of parseRfc2350Outline(text).sections) assert.doesNotMatch(s.title, /\n/);
      }),
    );
  });

  test("a document written in any numbering style parses back to its sections", () => {
    fc.assert(
      fc.property(fc.array(section, { minLength: 1, maxLength: 6 }), styles, (chapters, style) => {
        const heading = (n: string, t: string) =>
          `${n}${style.trailingDot ? "." : ""}${style.separator}${style.upper ? t.toUpperCase() : t}`;
        const lines: string[] = ["Preamble line"];
        const expected: string[][] = [];
        chapters.forEach((c, i) => {
          const n = String(i + 1);
          lines.push(heading(n, c.title), "", c.body, "");
          expected.push([n, style.upper ? c.title.toUpperCase() : c.title, c.body]);
          c.children.forEach((child, j) => {
            lines.push(heading(`${n}.${j + 1}`, child.title), child.body);
            expected.push([
              `${n}.${j + 1}`,
              style.upper ? child.title.toUpperCase() : child.title,
              child.body,
            ]);
          });
        });
        assert.deepEqual(outline(lines.join("\n")), expected);
      }),
    );
  });
});
