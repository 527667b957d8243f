import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.d.ts";

export type Schemas = components["schemas"];
export type ErrorCode = Schemas["Error"]["error"]["code"];

/** An API error with its stable code, HTTP status and details (e.g. `currentVersion` on 409). */
export class ApiError extends Error {
  readonly code: ErrorCode | "NETWORK";
  readonly status: number;
  readonly details: unknown;
  constructor(status: number, code: ErrorCode | "NETWORK", message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

let csrfToken: string | null = null;

/** Remembers the session's CSRF token (from login or GET /api/me) for unsafe requests. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && UNSAFE.has(request.method)) request.headers.set("X-CSRF-Token", csrfToken);
    return request;
  },
};

/** The typed client, generated from /api/openapi.json (`npm run api:generate`). */
export const api = createClient<paths>({ baseUrl: "/", credentials: "same-origin" });
api.use(csrf);

interface Result<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Unwraps an openapi-fetch result: the data, or an ApiError carrying the server's code. */
export async function unwrap<T>(call: Promise<Result<T>>): Promise<T> {
  let result: Result<T>;
  try {
    result = await call;
  } catch (err) {
    throw new ApiError(0, "NETWORK", (err as Error).message);
  }
  if (result.error !== undefined || !result.response.ok) {
    const body = result.error as {
      error?: { code: ErrorCode; message: string; details?: unknown };
    };
    const status = result.response.status;
    throw new ApiError(
      status,
      body?.error?.code ?? "INTERNAL",
      body?.error?.message ?? `HTTP ${status}`,
      body?.error?.details,
    );
  }
  return result.data as T;
}

/** `If-Match` for optimistic concurrency: the version the user was looking at. */
export const ifMatch = (version: number) => ({ "If-Match": `"${version}"` });
