import type { VersionRange } from "./psirt-types.ts";

/**
 * Orders version strings numerically where they are numbers (`1.10` > `1.9`),
 * lexically otherwise; a missing part sorts first (`1.2` < `1.2.1`). This is the
 * "custom" ordering CVE records assume when no versionType says otherwise.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-+_]/);
  const pb = b.split(/[.\-+_]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : Number.NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : Number.NaN;
    const c =
      Number.isNaN(nx) || Number.isNaN(ny) ? (x < y ? -1 : x > y ? 1 : 0) : Math.sign(nx - ny);
    if (c !== 0) return c;
  }
  return 0;
}

/** Whether `version` is in a CVE-style entry: equal to `version`, or in [version, lessThan(OrEqual)). */
export function versionMatches(version: string, range: VersionRange): boolean {
  if (!range.lessThan && !range.lessThanOrEqual)
    return compareVersions(version, range.version) === 0;
  const lower = range.version === "0" || compareVersions(version, range.version) >= 0;
  if (!lower) return false;
  if (range.lessThan) return compareVersions(version, range.lessThan) < 0;
  return compareVersions(version, range.lessThanOrEqual as string) <= 0;
}

/** The status a concrete version gets from a list of entries (the last matching entry wins). */
export function statusOfVersion(
  version: string,
  ranges: readonly VersionRange[],
): VersionRange["status"] | null {
  let status: VersionRange["status"] | null = null;
  for (const r of ranges) if (versionMatches(version, r)) status = r.status;
  return status;
}
