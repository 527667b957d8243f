import type { FastifyReply, FastifyRequest } from "fastify";
import { DomainError } from "../errors.ts";

/**
 * The version a client read, from `If-Match: "3"` or a `version` body field.
 * Required on every update so that no change is silently overwritten.
 */
export function expectedVersion(request: FastifyRequest, bodyVersion: number | undefined): number {
  const header = request.headers["if-match"];
  if (typeof header === "string" && header.length > 0) {
    const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
    if (!match) throw new DomainError("VALIDATION_FAILED", 'If-Match must be an ETag such as "3".');
    return Number(match[1]);
  }
  if (bodyVersion !== undefined) return bodyVersion;
  throw new DomainError(
    "PRECONDITION_REQUIRED",
    "Send the version you read (If-Match header or `version` field) to update.",
  );
}

export function setEtag(reply: FastifyReply, version: number): void {
  reply.header("ETag", `"${version}"`);
}
