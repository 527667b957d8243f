import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { HttpServer } from "../platform/http/create-http-server.ts";

/** Where `vite build` writes the console and portal (git-ignored). */
export const webDistDir = join(import.meta.dirname, "../../web/dist");

/** The placeholder in web/index.html replaced by a fresh nonce on every page load. */
export const STYLE_NONCE_PLACEHOLDER = "__VIGIL_STYLE_NONCE__";

/**
 * The app's Content-Security-Policy. Scripts come only from our own origin (no
 * inline script, no eval). Mantine writes its CSS variables in a `<style>`
 * element, so styles are allowed from our origin plus that one per-response
 * nonce; style attributes set by React go through the CSSOM, which CSP does not
 * restrict. Nothing remote: images, fonts and fetches stay on this origin.
 */
export function appContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigil</title>
<meta name="vigil-style-nonce" content="${STYLE_NONCE_PLACEHOLDER}"></head>
<body><h1>Vigil</h1><p>The web console is not built. Run <code>npm run web:build</code>
(or restart with <code>./vigil start</code>, which builds it). The API is at
<a href="/api/openapi.json">/api/openapi.json</a>.</p></body></html>`;

/** A path the single-page app owns: not the API, and not a file name such as /favicon.ico. */
function isAppPath(url: string): boolean {
  const path = url.split("?")[0] ?? "/";
  if (path === "/api" || path.startsWith("/api/")) return false;
  const last = path.slice(path.lastIndexOf("/") + 1);
  return !/\.[A-Za-z0-9]{1,8}$/.test(last);
}

/**
 * Serves the React app from `distDir`: hashed assets under /assets/ (cached for
 * a year), and index.html, with a per-response style nonce and the CSP, for `/`
 * and every other non-API path (client-side routing). Unknown API paths keep
 * their JSON 404.
 */
export async function webRoutes(app: HttpServer, options: { distDir: string }): Promise<void> {
  const indexFile = join(options.distDir, "index.html");
  const template = existsSync(indexFile) ? readFileSync(indexFile, "utf8") : notBuiltPage;

  await app.register(async (scope) => {
    // Static files and the page are public: the app itself shows the login form.
    scope.addHook("onRoute", (route) => {
      route.config = { ...(route.config ?? {}), public: true };
    });
    if (existsSync(join(options.distDir, "assets"))) {
      await scope.register(fastifyStatic, {
        root: join(options.distDir, "assets"),
        prefix: "/assets/",
        maxAge: "365d",
        immutable: true,
        index: false,
      });
    }
    const sendPage = (request: FastifyRequest, reply: FastifyReply) => {
      if (!isAppPath(request.url)) return reply.callNotFound();
      const nonce = randomBytes(18).toString("base64");
      return reply
        .header("Content-Type", "text/html; charset=utf-8")
        .header("Cache-Control", "no-store")
        .header("Content-Security-Policy", appContentSecurityPolicy(nonce))
        .send(template.replaceAll(STYLE_NONCE_PLACEHOLDER, nonce));
    };
    const hidden = { schema: { hide: true } as object };
    scope.get("/", hidden, sendPage);
    scope.get("/*", hidden, sendPage);
  });
}
