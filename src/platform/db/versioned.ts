import { DomainError } from "../errors.ts";

/**
 * Optimistic concurrency: the caller states the version it read; a different
 * current version means someone else changed the record first.
 */
export function assertVersion(current: number, expected: number, what: string): void {
  if (current !== expected) {
    throw new DomainError(
      "VERSION_CONFLICT",
      `${what} changed since you read it (your version ${expected}, current ${current}); reload and retry.`,
      { currentVersion: current },
    );
  }
}
