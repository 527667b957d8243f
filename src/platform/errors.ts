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
  "KEY_INVALID",
  "KEY_NOT_FOUND",
  "KEY_EXISTS",
  "KEY_UNUSABLE",
  "SECRET_KEY_MISSING",
  "PGP_DECRYPTION_FAILED",
  "PGP_MESSAGE_INVALID",
  "BLOB_NOT_FOUND",
  "BLOB_TOO_LARGE",
  "OBSERVABLE_INVALID",
  "OBSERVABLE_NOT_FOUND",
  "IOC_IMPORT_INVALID",
  "PSIRT_CASE_NOT_FOUND",
  "PRODUCT_NOT_FOUND",
  "PRODUCT_EXISTS",
  "PARTY_NOT_FOUND",
  "PARTY_EXISTS",
  "INVALID_CVSS_VECTOR",
  "INVALID_TIME_ZONE",
  "EMBARGO_ACTIVE",
  "CVE_POOL_EMPTY",
  "CVE_ALREADY_ASSIGNED",
  "CVE_NOT_ASSIGNED",
  "CVE_SERVICES_NOT_CONFIGURED",
  "CVE_SERVICES_FAILED",
  "ADVISORY_INVALID",
  "ADVISORY_NOT_FOUND",
  "ASSET_NOT_FOUND",
  "ASSET_NAME_TAKEN",
  "SLA_ALREADY_PAUSED",
  "SLA_NOT_PAUSED",
  "NOTIFICATION_NOT_FOUND",
  "PROFILE_NOT_FOUND",
  "PROFILE_KEY_MISMATCH",
  "PROFILE_INCOMPLETE",
  "INTAKE_ADDRESS_EXISTS",
  "INBOUND_MESSAGE_NOT_FOUND",
  "ATTACHMENT_NOT_FOUND",
  "CERTIFICATE_INVALID",
  "CERTIFICATE_EXISTS",
  "CERTIFICATE_NOT_FOUND",
  "MAILBOX_NOT_FOUND",
  "MAILBOX_NAME_TAKEN",
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
