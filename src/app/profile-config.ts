import type { ProfilePublishing } from "../modules/profile/profile-rules.ts";
import {
  DEFAULT_SECURITY_TXT_DAYS,
  MAX_SECURITY_TXT_DAYS,
} from "../modules/profile/profile-rules.ts";
import type { Config } from "./config.ts";

/**
 * Where the team profile is published: VIGIL_RFC2350_PATH (default `/rfc2350`,
 * served as .txt signed, .md and .html) under VIGIL_BASE_URL, and
 * VIGIL_SECURITY_TXT_DAYS (default 180, at most 364) until security.txt expires.
 */
export function profilePublishing(
  config: Config,
  keyPassphrase: () => string,
  env = process.env,
): ProfilePublishing {
  const path = (env.VIGIL_RFC2350_PATH ?? "/rfc2350").replace(/\.txt$/, "");
  if (!/^(\/[A-Za-z0-9._~-]+)+$/.test(path) || path.startsWith("/api/")) {
    throw new Error("Invalid configuration: VIGIL_RFC2350_PATH must be a path such as /rfc2350");
  }
  const days = Number(env.VIGIL_SECURITY_TXT_DAYS ?? DEFAULT_SECURITY_TXT_DAYS);
  if (!Number.isInteger(days) || days < 1 || days > MAX_SECURITY_TXT_DAYS) {
    throw new Error(
      `Invalid configuration: VIGIL_SECURITY_TXT_DAYS must be a whole number from 1 to ${MAX_SECURITY_TXT_DAYS}`,
    );
  }
  return {
    baseUrl: config.baseUrl.replace(/\/+$/, ""),
    rfc2350Path: path,
    securityTxtDays: days,
    keyPassphrase,
  };
}
