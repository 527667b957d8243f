import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { teamProfileSchema } from "./profile.schemas.ts";
import {
  bindListedKeys,
  nextDocumentVersion,
  nextEditedProfile,
  profileCalendar,
} from "./profile-rules.ts";
import { profileFromRfc2350 } from "./rfc2350-import.ts";
import { normaliseHeading, parseRfc2350Outline } from "./rfc2350-parser.ts";
import { renderHtml, renderMarkdown, renderText } from "./rfc2350-render.ts";

/** The two teams' own public RFC 2350 documents, copied from ../shared/seeds. */
export const seeds = {
  thales: readFileSync(join(import.meta.dirname, "fixtures/thales-cert.rfc2350.txt"), "utf8"),
  cheops: readFileSync(join(import.meta.dirname, "fixtures/cert-cheops.rfc2350.txt"), "utf8"),
};

const words = (text: string) => text.replace(/\s+/g, " ").trim();

/** Every numbered section of `original` reappears in `rendered` under its heading, with all its text. */
function assertNoSectionLost(original: string, rendered: string): number {
  const before = parseRfc2350Outline(original);
  const after = parseRfc2350Outline(rendered).sections;
  for (const section of before.sections) {
    const heading = normaliseHeading(section.title);
    const matches = after.filter((s) => normaliseHeading(s.title) === heading);
    assert.ok(
      matches.length > 0,
      `section ${section.number.join(".")} "${section.title}" is missing`,
    );
    const paragraphs = section.body
      .split(/\n\s*\n/)
      .map(words)
      .filter(Boolean);
    for (const paragraph of paragraphs) {
      assert.ok(
        matches.some((m) => words(m.body).includes(paragraph)),
        `text of ${section.number.join(".")} "${section.title}" lost: ${paragraph.slice(0, 80)}`,
      );
    }
  }
  assert.ok(words(rendered).includes(words(before.preamble)), "the preamble is kept");
  return before.sections.length;
}

describe("importing the seed profiles", () => {
  test("Thales CERT: every section survives import and rendering", () => {
    const { profile, warnings } = profileFromRfc2350(seeds.thales, { today: "2026-01-01" });
    assert.deepEqual(warnings, []);
    assert.equal(assertNoSectionLost(seeds.thales, renderText(profile)), 39);
    assert.equal(profile.document.version, "3.0");
    assert.equal(profile.document.lastUpdated, "2025-06-01");
    assert.equal(profile.contact.teamName.name, "Thales CERT");
    assert.equal(profile.contact.shortName, "THA-CERT");
    assert.equal(profile.contact.timeZone.zone, "Europe/Paris");
    assert.deepEqual(profile.contact.phone.numbers, ["+33 1 73 17 04 00"]);
    assert.deepEqual(profile.contact.email.addresses, [
      { purpose: "incident", address: "cert@thalesgroup.com" },
      { purpose: "vulnerability", address: "psirt@thalesgroup.com" },
    ]);
    assert.deepEqual(
      profile.contact.publicKeys.keys.map((k) => [k.purpose, k.fingerprint]),
      [
        ["cert", "ECDFD820845AAACD9627627E4C520648026A9D84"],
        ["psirt", "FC3C4520576EC756AE730030536949C48448AE39"],
      ],
    );
    assert.deepEqual(profileCalendar(profile), {
      timeZone: "Europe/Paris",
      weeklyHours: {
        mon: [["09:00", "18:00"]],
        tue: [["09:00", "18:00"]],
        wed: [["09:00", "18:00"]],
        thu: [["09:00", "18:00"]],
        fri: [["09:00", "18:00"]],
        sat: [],
        sun: [],
      },
      holidays: [],
    });
    assert.equal(profile.policies.defaultTlp, "GREEN");
    assert.deepEqual(
      profile.extraSections.map((e) => [e.chapter, e.title]),
      [
        [1, "Document validity"],
        [4, "Vulnerability Responsible Disclosure"],
      ],
    );
  });

  test("CERT CHEOPS: renumbered 5.3/5.4 become chapters 6 and 7, nothing lost", () => {
    const { profile, warnings } = profileFromRfc2350(seeds.cheops, { today: "2026-01-01" });
    assert.equal(assertNoSectionLost(seeds.cheops, renderText(profile)), 35);
    assert.match(warnings.join(" "), /IANA zone CET/);
    assert.equal(profile.document.version, "1.1");
    assert.equal(profile.document.lastUpdated, "2026-03-04");
    assert.deepEqual(
      [profile.contact.teamName.name, profile.contact.shortName],
      ["CERT CHEOPS CYBERDEFENSE", "CERT-CHEOPS"],
    );
    assert.deepEqual(profile.contact.email.addresses, [
      { purpose: "incident", address: "cert@cheops.fr" },
    ]);
    assert.deepEqual(
      profile.contact.publicKeys.keys.map((k) => k.fingerprint),
      ["0A6C1808C634AC65D7C13188409C253DF5619CC8"],
    );
    assert.deepEqual(profile.contact.operatingHours.weekly.sun, [["00:00", "24:00"]], "24/7");
    assert.equal(profile.reportingForms.title, "Incident reporting forms");
    assert.equal(profile.disclaimers.title, "Disclaimers");
    const text = renderText(profile);
    assert.match(text, /^6\. Incident reporting forms$/m);
    assert.match(text, /^7\. Disclaimers$/m);
    assert.match(text, /^5\.2\.1\. Vulnerability management$/m);
  });

  test("Markdown and HTML carry the same sections; HTML escapes the team's text", () => {
    const { profile } = profileFromRfc2350(seeds.thales, { today: "2026-01-01" });
    assert.equal(
      assertNoSectionLost(seeds.thales, renderMarkdown(profile).replace(/^#+ /gm, "")),
      39,
    );
    const html = renderHtml(profile);
    assert.match(html, /<h3>2\.6\. Electronic email address<\/h3>/);
    assert.match(html, /&lt;https:\/\/www\.thalesgroup\.com\/en\/global\/group\/cert&gt;/);
    const hostile = teamProfileSchema.parse({ disclaimers: { text: "<script>alert(1)</script>" } });
    assert.doesNotMatch(renderHtml(hostile), /<script>/);
    assert.match(renderHtml(hostile), /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  });

  test("a text without numbered sections is refused", () => {
    assert.throws(() => profileFromRfc2350("just some prose", { today: "2026-01-01" }), {
      code: "VALIDATION_FAILED",
    });
  });
});

describe("profile rules", () => {
  test("document versions count up", () => {
    assert.equal(nextDocumentVersion("3.0"), "3.1");
    assert.equal(nextDocumentVersion("1.9"), "1.10");
    assert.equal(nextDocumentVersion("2"), "2.1");
  });

  test("an edit is a new version dated today, and 1.1's old prose goes", () => {
    const { profile } = profileFromRfc2350(seeds.thales, { today: "2026-01-01" });
    const edited = nextEditedProfile(profile, profile, "2026-02-02");
    assert.equal(edited.document.version, "3.1");
    assert.equal(edited.document.lastUpdated, "2026-02-02");
    assert.equal(edited.document.lastUpdate.text, "");
    assert.match(renderText(edited), /^Version 3\.1, last updated 2026-02-02\.$/m);
  });

  test("imported keys are rebound to the stored keys, in the list and the prose", () => {
    const { profile } = profileFromRfc2350(seeds.thales, { today: "2026-01-01" });
    const stored = "AAAA1111BBBB2222CCCC3333DDDD4444EEEE5555";
    const bound = bindListedKeys(profile, { cert: stored });
    assert.equal(bound.warnings.length, 1);
    assert.equal(bound.profile.contact.publicKeys.keys[0]?.fingerprint, stored);
    const text = renderText(bound.profile);
    assert.match(text, /AAAA 1111 BBBB 2222 CCCC 3333 DDDD 4444 EEEE 5555/);
    assert.match(text, /Key ID\t0xEEEE5555/);
    assert.doesNotMatch(text, /ECDF D820/);
    assert.match(text, /FC3C 4520/, "the PSIRT key has no stored counterpart: unchanged");
  });
});
