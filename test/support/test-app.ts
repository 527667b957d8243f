import type { LightMyRequestResponse } from "fastify";
import { type Config, loadConfig } from "../../src/app/config.ts";
import { buildHttpApp } from "../../src/app/http-app.ts";
import { type Actor, localOperator, type Role } from "../../src/modules/identity/actor.ts";
import { createApiToken } from "../../src/modules/identity/create-api-token.ts";
import { createUser } from "../../src/modules/identity/create-user.ts";
import { createTenant } from "../../src/modules/tenants/create-tenant.ts";
import type { Db } from "../../src/platform/db/client.ts";
import type { HttpServer } from "../../src/platform/http/create-http-server.ts";
import type { Json } from "./http-assertions.ts";
import { createTestDatabase, type TestDatabase } from "./test-database.ts";

export interface TestUser {
  id: string;
  email: string;
  role: Role;
  tenantId: string | null;
  token: string;
  actor: Actor;
  password: string;
}

export interface TestApp {
  app: HttpServer;
  db: Db;
  testDb: TestDatabase;
  config: Config;
  defaultTenantId: string;
  /** Creates a tenant and returns its id. */
  tenant(slug: string): Promise<string>;
  /** Creates a user with a full-scope API token. */
  user(role: Role, options?: { tenantId?: string; scopes?: string[] }): Promise<TestUser>;
  /** Injects a JSON request, authenticated as `as` when given. */
  request(
    method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE",
    url: string,
    options?: { as?: TestUser; body?: unknown; headers?: Record<string, string> },
  ): Promise<LightMyRequestResponse & { json: () => Json }>;
  close(): Promise<void>;
}

let counter = 0;

/** A fresh database and the network-mode API over it. */
export async function createTestApp(
  overrides: Partial<Config> = {},
  mode: "network" | "local" = "network",
): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const config = { ...loadConfig({}, { logLevel: "silent" }), ...overrides };
  const app = await buildHttpApp(testDb.database, config, mode);
  const db = testDb.database.db;
  const tenants = await db.execute("SELECT id FROM tenants WHERE slug = 'default'");
  const defaultTenantId = (tenants as unknown as { rows: { id: string }[] }).rows[0]?.id as string;
  return {
    app,
    db,
    testDb,
    config,
    defaultTenantId,
    async tenant(slug) {
      return (await createTenant(db, { actor: localOperator, slug, name: `Tenant ${slug}` })).id;
    },
    async user(role, options = {}) {
      counter++;
      const email = `${role}${counter}-${Math.random().toString(36).slice(2, 7)}@example.org`;
      const password = "correct horse battery staple";
      const { user } = await createUser(db, {
        actor: localOperator,
        email,
        role,
        tenant: options.tenantId,
        password,
      });
      const token = await createApiToken(db, {
        actor: localOperator,
        owner: { userId: user.id },
        scopes: options.scopes as never,
      });
      return {
        id: user.id,
        email,
        role,
        tenantId: user.tenantId,
        token: token.token,
        password,
        actor: {
          userId: user.id,
          label: `user:${email}`,
          role,
          tenantId: user.tenantId,
          scopes: null,
        },
      };
    },
    async request(method, url, options = {}) {
      const headers: Record<string, string> = { ...options.headers };
      if (options.as) headers.authorization = `Bearer ${options.as.token}`;
      const response = await app.inject({
        method,
        url,
        headers,
        ...(options.body === undefined ? {} : { payload: options.body as object }),
      });
      return Object.assign(response, { json: () => JSON.parse(response.body) });
    },
    async close() {
      await app.close();
      await testDb.cleanup();
    },
  };
}
