import { z } from "zod";
import { type ErrorCode, errorCodes } from "../errors.ts";
import { httpStatusByCode } from "./error-status.ts";

export const errorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: "Error" });

export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export function errorEnvelope(code: ErrorCode, message: string, details?: unknown): ErrorEnvelope {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

/** OpenAPI response entries for the error statuses a route can answer. */
export function errorResponses(...codes: ErrorCode[]): Record<number, typeof errorEnvelopeSchema> {
  const out: Record<number, typeof errorEnvelopeSchema> = {};
  for (const code of [...codes, "VALIDATION_FAILED" as const, "INTERNAL" as const]) {
    out[httpStatusByCode[code]] = errorEnvelopeSchema;
  }
  return out;
}
