import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { teamKeyPath } from "../keys/key-views.ts";
import { type ProfilePublishing, publicUrls } from "./profile-rules.ts";
import { loadPublishableProfile, signWithTeamKey } from "./publish-profile.ts";
import { buildSecurityTxt, securityTxtProblems } from "./security-txt.ts";

/**
 * /.well-known/security.txt (RFC 9116) from the profile, cleartext-signed with
 * the team key. `Encryption` points at the armored keys Vigil itself serves;
 * `Expires` is the one set when the profile was last published or renewed.
 */
export async function getSecurityTxt(
  db: Db,
  input: { publishing: ProfilePublishing; now?: Date },
): Promise<string> {
  const { row, profile, stored } = await loadPublishableProfile(db);
  const urls = publicUrls(input.publishing);
  const listed = profile.contact.publicKeys.keys.map((k) => k.fingerprint);
  const served = [...new Set([stored.cert, stored.psirt])].filter(
    (fp): fp is string => fp !== undefined && (listed.length === 0 || listed.includes(fp)),
  );
  const text = buildSecurityTxt({
    profile,
    canonicalUrl: urls.securityTxt,
    encryptionUrls: served.map((fp) => `${input.publishing.baseUrl}${teamKeyPath(fp)}`),
    expiresAt: row.securityTxtExpiresAt,
    rfc2350Url: urls.rfc2350,
  });
  const problems = securityTxtProblems(text, {
    canonicalUrl: urls.securityTxt,
    now: input.now ?? new Date(),
  });
  // An expired file is still served (correspondents then see it is stale); nothing else is.
  const blocking = problems.filter((p) => p !== "Expires has passed");
  if (blocking.length > 0) {
    throw new DomainError(
      "PROFILE_INCOMPLETE",
      `security.txt would be invalid: ${blocking.join("; ")}.`,
    );
  }
  return signWithTeamKey(db, text, input.publishing);
}
