import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { changePassword } from "./change-password.ts";
import { createApiToken } from "./create-api-token.ts";
import { createUser } from "./create-user.ts";
import { describeCaller } from "./describe-caller.ts";
import {
  createdTokenSchema,
  createdUserSchema,
  createTokenBody,
  createUserBody,
  loginBody,
  meSchema,
  passwordBody,
  sessionSchema,
  updateUserBody,
  userIdParams,
} from "./identity.schemas.ts";
import { listUsers } from "./list-users.ts";
import { logIn } from "./log-in.ts";
import { logOut } from "./log-out.ts";
import { SESSION_COOKIE } from "./request-auth.ts";
import { updateUser } from "./update-user.ts";
import { userViewSchema } from "./user-view.ts";

export interface IdentityRouteOptions {
  sessionTtlHours: number;
  secureCookies: boolean;
}

export function identityRoutes(app: HttpServer, db: Db, options: IdentityRouteOptions): void {
  app.post(
    "/api/auth/login",
    {
      config: { public: true, rateLimit: { max: 10, timeWindow: "1 minute" } },
      schema: {
        tags: ["auth"],
        summary: "Log in with e-mail and password; sets the session cookie",
        security: [],
        body: loginBody,
        response: { 200: sessionSchema, ...errorResponses("INVALID_CREDENTIALS", "RATE_LIMITED") },
      },
    },
    async (req, reply) => {
      const result = await logIn(db, { ...req.body, ttlHours: options.sessionTtlHours });
      reply.setCookie(SESSION_COOKIE, result.sessionToken, {
        httpOnly: true,
        sameSite: "strict",
        secure: options.secureCookies,
        path: "/",
        expires: result.expiresAt,
      });
      return {
        user: result.user,
        csrfToken: result.csrfToken,
        expiresAt: result.expiresAt.toISOString(),
      };
    },
  );

  app.post(
    "/api/auth/logout",
    {
      config: { public: true },
      schema: {
        tags: ["auth"],
        summary: "End the session",
        security: [],
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await logOut(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/me",
    {
      schema: {
        tags: ["auth"],
        summary: "Who the caller is, with the CSRF token of a session",
        response: { 200: meSchema, ...errorResponses("UNAUTHENTICATED") },
      },
    },
    async (req) =>
      describeCaller(
        db,
        req.actor,
        req.headers.authorization ? undefined : req.cookies[SESSION_COOKIE],
      ),
  );

  app.post(
    "/api/me/password",
    {
      config: { rateLimit: { max: 10, timeWindow: "1 minute" } },
      schema: {
        tags: ["auth"],
        summary: "Change your password (ends your other sessions)",
        body: passwordBody,
        response: {
          204: z.null(),
          ...errorResponses("UNAUTHENTICATED", "INVALID_CREDENTIALS", "WEAK_PASSWORD"),
        },
      },
    },
    async (req, reply) => {
      await changePassword(db, {
        actor: req.actor,
        current: req.body.current,
        next: req.body.next,
        keepSession: req.cookies[SESSION_COOKIE],
      });
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/users",
    {
      schema: {
        tags: ["admin"],
        summary: "List users (admin)",
        response: {
          200: z.object({ items: z.array(userViewSchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN"),
        },
      },
    },
    async (req) => ({ items: await listUsers(db, { actor: req.actor }) }),
  );

  app.post(
    "/api/users",
    {
      schema: {
        tags: ["admin"],
        summary: "Create a user (admin); a password is generated when none is given",
        body: createUserBody,
        response: {
          201: createdUserSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "EMAIL_TAKEN",
            "TENANT_REQUIRED",
            "TENANT_NOT_FOUND",
            "WEAK_PASSWORD",
          ),
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createUser(db, { actor: req.actor, ...req.body })),
  );

  app.patch(
    "/api/users/:id",
    {
      schema: {
        tags: ["admin"],
        summary: "Change a user's role, tenant, name or disabled flag (admin)",
        params: userIdParams,
        body: updateUserBody,
        response: {
          200: userViewSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "USER_NOT_FOUND", "LAST_ADMIN"),
        },
      },
    },
    async (req) => updateUser(db, { actor: req.actor, id: req.params.id, patch: req.body }),
  );

  app.post(
    "/api/tokens",
    {
      schema: {
        tags: ["auth"],
        summary: "Create an API token for yourself, or for another user (admin)",
        body: createTokenBody,
        response: {
          201: createdTokenSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "USER_NOT_FOUND"),
        },
      },
    },
    async (req, reply) => {
      const { email, userId, ...rest } = req.body ?? {};
      const owner = email ? { email } : userId ? { userId } : undefined;
      return reply.code(201).send(await createApiToken(db, { actor: req.actor, owner, ...rest }));
    },
  );
}
