import type { FastifyReply, FastifyRequest } from "fastify";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { type Actor, localOperator } from "./actor.ts";
import { authenticateSession, authenticateToken } from "./authenticate.ts";
import { safeEqual } from "./secrets.ts";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor;
  }
  interface FastifyContextConfig {
    /** Routes reachable without authentication (health, OpenAPI, login). */
    public?: boolean;
  }
}

export const SESSION_COOKIE = "vigil_session";
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * Resolves every non-public request to an actor: a bearer token, or a session
 * cookie plus a matching X-CSRF-Token on state-changing requests. On the local
 * admin socket (file-system access to the data directory) an unauthenticated
 * request is the local operator.
 */
export function installRequestAuth(app: HttpServer, db: Db, mode: "network" | "local"): void {
  app.decorateRequest("actor", null as unknown as Actor);
  app.addHook("onRequest", async (request: FastifyRequest, _reply: FastifyReply) => {
    if (request.routeOptions.config?.public) return;
    const authorization = request.headers.authorization;
    if (authorization) {
      const match = /^Bearer\s+(\S{10,200})$/i.exec(authorization);
      const actor = match?.[1] ? await authenticateToken(db, match[1]) : null;
      if (!actor) throw new DomainError("UNAUTHENTICATED", "Invalid, expired or revoked token.");
      request.actor = actor;
      return;
    }
    const sessionToken = request.cookies[SESSION_COOKIE];
    if (sessionToken) {
      const session = await authenticateSession(db, sessionToken);
      if (!session)
        throw new DomainError("UNAUTHENTICATED", "Your session has expired; log in again.");
      if (UNSAFE_METHODS.has(request.method)) {
        const header = request.headers["x-csrf-token"];
        if (typeof header !== "string" || !safeEqual(header, session.csrfToken)) {
          throw new DomainError("CSRF_TOKEN_INVALID", "Missing or wrong X-CSRF-Token header.");
        }
      }
      request.actor = session.actor;
      return;
    }
    if (mode === "local") {
      request.actor = localOperator;
      return;
    }
    throw new DomainError(
      "UNAUTHENTICATED",
      "Authentication required: send Authorization: Bearer <token> or log in.",
    );
  });
}
