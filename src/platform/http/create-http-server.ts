import cookie from "@fastify/cookie";
import rateLimit from "@fastify/rate-limit";
import swagger from "@fastify/swagger";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { DomainError, type ErrorCode, isDomainError } from "../errors.ts";
import { errorEnvelope } from "./error-envelope.ts";
import { httpStatusByCode } from "./error-status.ts";

export type HttpServer = FastifyInstance<
  import("node:http").Server,
  import("node:http").IncomingMessage,
  import("node:http").ServerResponse,
  import("fastify").FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpServerOptions {
  bodyLimitBytes: number;
  logLevel: string;
  version: string;
  /** Adds `Secure` to cookies and HSTS when served over https. */
  secureCookies: boolean;
}

const fastifyCodeToError: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "VALIDATION_FAILED",
  FST_ERR_CTP_EMPTY_JSON_BODY: "INVALID_JSON",
  FST_ERR_CTP_INVALID_JSON_BODY: "INVALID_JSON",
};

/** Whether any string (or key) in a parsed request part holds a NUL character. */
function containsNul(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === "string") {
      if (value.includes("\u0000")) return true;
    } else if (value !== null && typeof value === "object") {
      for (const [key, child] of Object.entries(value)) {
        if (key.includes("\u0000")) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/**
 * Fastify with zod validation/serialisation, the OpenAPI generator, cookies,
 * security headers and the single error envelope. Routes are added by the
 * composition root.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes,
    logger: {
      level: options.logLevel,
      redact: ["req.headers.authorization", "req.headers.cookie", "req.headers['x-csrf-token']"],
    },
    // Request ids in logs and error responses help support without leaking internals.
    genReqId: () => crypto.randomUUID(),
    ajv: undefined,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      Object.assign(new Error(`Too many requests; retry in ${Math.ceil(ctx.ttl / 1000)} s.`), {
        statusCode: 429,
        code: "RATE_LIMITED",
      }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Vigil API",
        version: options.version,
        description:
          "CSIRT/PSIRT platform API. Authenticate with `Authorization: Bearer <token>` " +
          "(create one with `./vigil token create --email E`) or a session cookie plus " +
          "`X-CSRF-Token` for state-changing requests. Errors are `{error:{code,message}}`.",
      },
      components: {
        securitySchemes: {
          bearer: { type: "http", scheme: "bearer" },
          session: { type: "apiKey", in: "cookie", name: "vigil_session" },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    // Emits the schemas registered with an id (such as Error) under components, so $refs resolve.
    transformObject: jsonSchemaTransformObject,
  });

  // PostgreSQL text and jsonb cannot store NUL: refuse it here rather than fail in SQL (500).
  app.addHook("preValidation", async (request) => {
    if (containsNul(request.body) || containsNul(request.query) || containsNul(request.params)) {
      throw new DomainError("VALIDATION_FAILED", "Text must not contain NUL (\\u0000) characters.");
    }
  });

  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("Referrer-Policy", "no-referrer");
    reply.header("X-Frame-Options", "DENY");
    if (request.url.startsWith("/api/")) {
      reply.header("Cache-Control", "no-store");
      reply.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    }
    if (options.secureCookies) {
      reply.header("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    return payload;
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .send(
        errorEnvelope(
          "ROUTE_NOT_FOUND",
          `No route ${request.method} ${request.url.split("?")[0]}.`,
        ),
      );
  });

  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (isDomainError(err)) {
      return reply
        .code(httpStatusByCode[err.code])
        .send(errorEnvelope(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        path: [err.validationContext, ...v.instancePath.split("/").filter(Boolean)].join("."),
        message: v.message ?? "invalid",
      }));
      return reply
        .code(400)
        .send(
          errorEnvelope(
            "VALIDATION_FAILED",
            `Invalid request: ${issues.map((i) => `${i.path} ${i.message}`).join("; ")}`,
            { issues },
          ),
        );
    }
    const mapped = err.code ? fastifyCodeToError[err.code] : undefined;
    if (mapped)
      return reply.code(httpStatusByCode[mapped]).send(errorEnvelope(mapped, err.message));
    if (err.statusCode === 429)
      return reply.code(429).send(errorEnvelope("RATE_LIMITED", err.message));
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return reply.code(err.statusCode).send(errorEnvelope("VALIDATION_FAILED", err.message));
    }
    if (isResponseSerializationError(err)) {
      request.log.error({ err }, "response did not match its schema");
    } else {
      request.log.error({ err }, "unhandled error");
    }
    return reply
      .code(500)
      .send(
        errorEnvelope("INTERNAL", `Internal error; quote request id ${request.id} to your admin.`),
      );
  });

  return app as unknown as HttpServer;
}
