import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { loadConfig } from "../../../src/app/config.ts";
import { type RunningNode, startNode } from "../../../src/app/start-node.ts";
import { ensureWebBuild } from "../../../src/cli/web-build.ts";
import { localOperator, type Role } from "../../../src/modules/identity/actor.ts";
import { createApiToken } from "../../../src/modules/identity/create-api-token.ts";
import { createUser } from "../../../src/modules/identity/create-user.ts";
import { createTenant } from "../../../src/modules/tenants/create-tenant.ts";
import { createTestDatabase, postgresUrl } from "../../support/test-database.ts";

/** Debian's chromium (`apt-get install chromium`; .ci/run installs it). */
export const CHROMIUM = "/usr/bin/chromium";

/** Why the browser journeys cannot run here, or null when they can. */
export function browserSkipReason(): string | null {
  return existsSync(CHROMIUM)
    ? null
    : `chromium is not installed at ${CHROMIUM} (apt-get install -y chromium); browser journeys skipped`;
}

export interface E2eUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

/** A real Vigil node on 127.0.0.1 with an OS-assigned port, a temp data dir and the built app. */
export interface VigilUnderTest {
  url: string;
  node: RunningNode;
  tenant(slug: string): Promise<string>;
  user(role: Role, tenantId?: string): Promise<E2eUser>;
  /** JSON request with a bearer token (to arrange data the browser then works on). */
  api(as: E2eUser, method: string, path: string, body?: unknown): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

let counter = 0;

export async function startVigil(): Promise<VigilUnderTest> {
  if (!ensureWebBuild((line) => process.stderr.write(`${line}\n`))) {
    throw new Error("the web console could not be built");
  }
  const dataDir = mkdtempSync(join(tmpdir(), "vigil-e2e-"));
  const testDb = postgresUrl ? await createTestDatabase({ migrate: false }) : null;
  const config = {
    ...loadConfig({}, { dataDir, httpPort: "0", roles: "api", logLevel: "error" }),
    httpHost: "127.0.0.1",
    databaseUrl: testDb?.url,
  };
  const node = await startNode(config);
  const url = node.httpUrl as string;
  const db = node.database.db;
  return {
    url,
    node,
    async tenant(slug) {
      return (await createTenant(db, { actor: localOperator, slug, name: `Tenant ${slug}` })).id;
    },
    async user(role, tenantId) {
      counter++;
      const email = `${role}${counter}@example.org`;
      const password = "correct horse battery staple";
      const { user } = await createUser(db, {
        actor: localOperator,
        email,
        role,
        tenant: tenantId,
        password,
      });
      const token = await createApiToken(db, { actor: localOperator, owner: { userId: user.id } });
      return { id: user.id, email, password, token: token.token };
    },
    async api(as, method, path, body) {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${as.token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const json = (await response.json()) as Record<string, unknown>;
      if (!response.ok)
        throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json)}`);
      return json;
    },
    async stop() {
      await node.stop();
      rmSync(dataDir, { recursive: true, force: true });
      if (testDb) await testDb.cleanup();
    },
  };
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions (a CSP violation shows up here). */
  problems: string[];
  close(): Promise<void>;
}

/** A fresh headless chromium profile, sized like a laptop screen (1280×800). */
export async function openBrowser(): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), "vigil-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    locale: "en-GB",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  page.on("console", (message) => {
    // The first GET /api/me of a logged-out visitor answers 401 by design.
    const expected = /status of 401/.test(message.text());
    if (message.type() === "error" && !expected) problems.push(message.text());
  });
  page.on("pageerror", (err) => problems.push(err.message));
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Logs in through the form, as a person would. */
export async function logIn(page: Page, url: string, user: E2eUser): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
}

/** Saves a screenshot to docs/screenshots/ when VIGIL_UPDATE_SCREENSHOTS=1 (npm run screenshots). */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.VIGIL_UPDATE_SCREENSHOTS !== "1") return;
  const dir = join(import.meta.dirname, "../../../docs/screenshots");
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
