import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { teamProfileSchema } from "./profile.schemas.ts";
import { buildSecurityTxt, securityTxtProblems, telUri } from "./security-txt.ts";

const now = new Date("2026-01-01T00:00:00Z");
const canonicalUrl = "https://vigil.example.org/.well-known/security.txt";
const profile = teamProfileSchema.parse({
  contact: {
    email: {
      addresses: [
        { purpose: "incident", address: "cert@example.org" },
        { purpose: "vulnerability", address: "psirt@example.org" },
      ],
    },
    phone: { numbers: ["+33 (0)7.57.08.77.82"] },
  },
  securityTxt: {
    preferredLanguages: ["en", "fr"],
    acknowledgmentsUrl: "https://example.org/thanks",
    csafProviderMetadataUrl: "https://example.org/.well-known/csaf/provider-metadata.json",
  },
});
const build = (overrides: Partial<Parameters<typeof buildSecurityTxt>[0]> = {}) =>
  buildSecurityTxt({
    profile,
    canonicalUrl,
    encryptionUrls: ["https://vigil.example.org/api/keys/team/ABCD.asc"],
    expiresAt: new Date("2026-06-30T00:00:00Z"),
    rfc2350Url: "https://vigil.example.org/rfc2350.txt",
    ...overrides,
  });

describe("security.txt (RFC 9116)", () => {
  test("fields from the profile, vulnerability contact first", () => {
    const fields = build()
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    assert.deepEqual(fields, [
      "Contact: mailto:psirt@example.org",
      "Contact: mailto:cert@example.org",
      "Contact: tel:+33-7-57-08-77-82",
      "Expires: 2026-06-30T00:00:00Z",
      "Encryption: https://vigil.example.org/api/keys/team/ABCD.asc",
      "Acknowledgments: https://example.org/thanks",
      "Preferred-Languages: en, fr",
      `Canonical: ${canonicalUrl}`,
      "Policy: https://vigil.example.org/rfc2350.txt",
      "CSAF: https://example.org/.well-known/csaf/provider-metadata.json",
    ]);
    assert.deepEqual(securityTxtProblems(build(), { canonicalUrl, now }), []);
  });

  test("tel: URIs are global numbers", () => {
    assert.equal(telUri("+33 1 73 17 04 00"), "tel:+33-1-73-17-04-00");
  });

  test("Contact is required: a profile without any is refused", () => {
    assert.throws(() => build({ profile: teamProfileSchema.parse({}) }), {
      code: "PROFILE_INCOMPLETE",
    });
    assert.deepEqual(
      securityTxtProblems(`Expires: 2026-06-30T00:00:00Z\n`, { canonicalUrl, now }),
      ["Contact is required"],
    );
  });

  test("Expires is required, in the future and less than a year ahead", () => {
    const without = build().replace(/^Expires:.*\n/m, "");
    assert.ok(
      securityTxtProblems(without, { canonicalUrl, now }).includes(
        "Expires must appear exactly once",
      ),
    );
    const late = build({ expiresAt: new Date("2027-01-01T00:00:00Z") });
    assert.deepEqual(securityTxtProblems(late, { canonicalUrl, now }), [
      "Expires must be less than a year ahead",
    ]);
    const past = build({ expiresAt: new Date("2025-12-31T00:00:00Z") });
    assert.deepEqual(securityTxtProblems(past, { canonicalUrl, now }), ["Expires has passed"]);
  });

  test("Canonical must match the URL the file is served at", () => {
    assert.deepEqual(
      securityTxtProblems(build(), {
        canonicalUrl: "https://other.example/.well-known/security.txt",
        now,
      }),
      ["Canonical must name https://other.example/.well-known/security.txt"],
    );
  });
});
