/**
 * Domain error codes. Stable strings that clients may switch on; the HTTP
 * status for each lives in one table at the edge (platform/http/error-status.ts).
 */
export const errorCodes = [
  "UNAUTHENTICATED",
  "INVALID_CREDENTIALS",
  "FORBIDDEN",
  "CSRF_TOKEN_INVALID",
  "INSUFFICIENT_SCOPE",
  "VALIDATION_FAILED",
  "INVALID_JSON",
  "UNSUPPORTED_MEDIA_TYPE",
  "PAYLOAD_TOO_LARGE",
  "RATE_LIMITED",
  "ROUTE_NOT_FOUND",
  "INCIDENT_NOT_FOUND",
  "REPORT_NOT_FOUND",
  "USER_NOT_FOUND",
  "TENANT_NOT_FOUND",
  "TOKEN_NOT_FOUND",
  "INVALID_TRANSITION",
  "VERSION_CONFLICT",
  "PRECONDITION_REQUIRED",
  "EMAIL_TAKEN",
  "TENANT_SLUG_TAKEN",
  "TENANT_REQUIRED",
  "TENANT_MISMATCH",
  "REPORT_ALREADY_MERGED",
  "CANNOT_MERGE_INTO_SELF",
  "UNKNOWN_RSIT_CLASS",
  "WEAK_PASSWORD",
  "LAST_ADMIN",
  "DATA_DIR_BUSY",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** An expected failure of a use case. Never carries HTTP concepts. */
export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "DomainError";
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
