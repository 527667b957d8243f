import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { type Pap, papLevels, type Tlp, tlpLevels, tlpRank } from "../marking/marking.ts";
import {
  autoReplySuppression,
  chooseLanguage,
  isUrgent,
  parseMarkings,
  parseSubjectTag,
  renderTemplate,
  subjectTag,
} from "./intake-rules.ts";

const noise = fc.string({ maxLength: 40 }).map((s) => s.replace(/(tlp|pap)\s*:/gi, ""));
const spelling = (label: string) =>
  fc.constantFrom(label, label.toLowerCase(), label.replace(":", ": "), label.replace("+", " + "));

describe("intake rules", () => {
  test("a TLP label anywhere in the text is found, in any case and spacing", () => {
    fc.assert(
      fc.property(noise, fc.constantFrom(...tlpLevels), noise, (before, level, afterText) =>
        fc.assert(
          fc.property(spelling(`TLP:${level}`), (label) => {
            const found = parseMarkings(`${before} ${label} ${afterText}`).tlp;
            assert.equal(found, level);
          }),
          { numRuns: 4 },
        ),
      ),
      { numRuns: 150 },
    );
  });

  test("several labels: the most restrictive wins, whatever their order", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...tlpLevels), { minLength: 1, maxLength: 5 }),
        fc.array(fc.constantFrom(...papLevels), { minLength: 1, maxLength: 5 }),
        (tlps, paps) => {
          const text = [...tlps.map((t) => `TLP:${t}`), ...paps.map((p) => `pap:${p}`)].join(
            " and ",
          );
          const { tlp, pap } = parseMarkings(text);
          const maxTlp = tlps.reduce((a, b) => (tlpRank(b) > tlpRank(a) ? b : a)) as Tlp;
          const maxPap = paps.reduce((a, b) =>
            papLevels.indexOf(b) > papLevels.indexOf(a) ? b : a,
          ) as Pap;
          assert.equal(tlp, maxTlp);
          assert.equal(pap, maxPap);
        },
      ),
    );
  });

  test("no label, no marking; legacy TLP:WHITE is CLEAR; AMBER+STRICT is not read as AMBER", () => {
    fc.assert(
      fc.property(noise, (text) => assert.deepEqual(parseMarkings(text), { tlp: null, pap: null })),
    );
    assert.equal(parseMarkings("tlp:white").tlp, "CLEAR");
    assert.equal(parseMarkings("[TLP:AMBER+STRICT] leak").tlp, "AMBER+STRICT");
    assert.equal(parseMarkings("TLP:REDACTED").tlp, null);
  });

  test("[URGENT] marks urgency wherever it stands; the word alone does not", () => {
    fc.assert(
      fc.property(
        noise,
        noise,
        fc.constantFrom("[URGENT]", "[urgent]", "[ Urgent ]"),
        (a, b, tag) => {
          assert.equal(isUrgent(`${a}${tag}${b}`), true);
        },
      ),
    );
    assert.equal(isUrgent("urgent: please read"), false);
  });

  test("the subject tag round-trips for any reference", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 999_999_999 }), noise, (ref, text) => {
        assert.equal(parseSubjectTag(`Re: ${subjectTag(ref)} ${text}`), ref);
      }),
    );
    assert.equal(parseSubjectTag("Re: [vigil # 42] hi"), 42);
    assert.equal(parseSubjectTag("VIGIL 42"), null);
  });

  test("language: Content-Language, then Accept-Language by q, then the default", () => {
    const h = (headers: Record<string, string>) => (name: string) => headers[name];
    assert.equal(chooseLanguage(h({ "content-language": "fr-CA" }), "en"), "fr");
    assert.equal(
      chooseLanguage(h({ "accept-language": "de;q=1, en;q=0.5, fr;q=0.9" }), "en"),
      "fr",
    );
    assert.equal(chooseLanguage(h({ "accept-language": "de" }), "fr"), "fr");
    assert.equal(chooseLanguage(h({}), "en"), "en");
  });

  test("RFC 3834: robots and lists never get an automatic reply", () => {
    const base = {
      envelopeFrom: "a@b.example",
      fromAddress: "a@b.example",
      contentType: "text/plain",
    };
    const none = () => undefined;
    assert.equal(autoReplySuppression({ ...base, header: none }), null);
    assert.ok(autoReplySuppression({ ...base, envelopeFrom: "", header: none }));
    assert.ok(
      autoReplySuppression({ ...base, envelopeFrom: "MAILER-DAEMON@x.example", header: none }),
    );
    assert.ok(autoReplySuppression({ ...base, contentType: "multipart/report", header: none }));
    assert.equal(
      autoReplySuppression({ ...base, header: (n) => (n === "auto-submitted" ? "no" : undefined) }),
      null,
    );
  });

  test("templates replace known placeholders and leave unknown ones visible", () => {
    assert.equal(
      renderTemplate("{{tag}} {{ nope }}", { tag: "[VIGIL #1]" }),
      "[VIGIL #1] {{ nope }}",
    );
  });
});
