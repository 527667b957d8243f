import { request as httpRequest } from "node:http";
import type { Config } from "../app/config.ts";
import { currentOwner } from "../app/data-dir-lock.ts";
import { buildHttpApp } from "../app/http-app.ts";
import { withOwnedDatabase } from "../app/open-owned-database.ts";

export interface ApiResponse {
  status: number;
  body: unknown;
}

/** The CLI speaks the HTTP API, as the local operator, whatever the transport. */
export interface ApiClient {
  request(method: string, path: string, body?: unknown): Promise<ApiResponse>;
  /** How the CLI reached Vigil, for messages. */
  via: string;
}

/** A failure the CLI reports in one line with a non-zero exit status. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

function socketClient(socketPath: string): ApiClient {
  return {
    via: `running server (${socketPath})`,
    request: (method, path, body) =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const req = httpRequest(
          {
            socketPath,
            path,
            method,
            headers: payload
              ? { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }
              : {},
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () => {
              const text = Buffer.concat(chunks).toString("utf8");
              resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
            });
          },
        );
        req.on("error", reject);
        if (payload) req.write(payload);
        req.end();
      }),
  };
}

/**
 * Runs `fn` with an API client: through the admin socket of the server that
 * owns the embedded data directory, or in-process on the database when no
 * server holds it (or with DATABASE_URL, where many processes may connect).
 */
export async function withApi<T>(config: Config, fn: (api: ApiClient) => Promise<T>): Promise<T> {
  if (!config.databaseUrl) {
    const owner = currentOwner(config.dataDir);
    if (owner?.socket) return fn(socketClient(owner.socket));
  }
  return withOwnedDatabase(
    config,
    async (database) => {
      const app = await buildHttpApp(database, { ...config, logLevel: "silent" }, "local");
      try {
        return await fn({
          via: config.databaseUrl ? "database server" : `data directory ${config.dataDir}`,
          async request(method, path, body) {
            const res = await app.inject({
              method: method as "GET",
              url: path,
              ...(body === undefined ? {} : { payload: body as object }),
            });
            return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null };
          },
        });
      } finally {
        await app.close();
      }
    },
    async (owner) => {
      if (owner.socket) return fn(socketClient(owner.socket));
      throw new CliError(
        `The data directory ${config.dataDir} is in use by process ${owner.pid} (${owner.kind}); retry when it ends.`,
      );
    },
  );
}

/** Calls the API and returns the body, or throws a CliError carrying the API's error code. */
export async function call<T = unknown>(
  api: ApiClient,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await api.request(method, path, body);
  if (res.status >= 400) {
    const err = (res.body as { error?: { code: string; message: string } } | null)?.error;
    throw new CliError(err ? `${err.code}: ${err.message}` : `HTTP ${res.status}`);
  }
  return res.body as T;
}
