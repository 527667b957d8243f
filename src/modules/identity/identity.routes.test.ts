import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertError } from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";
import { sql } from "../../platform/db/client.ts";
import { SESSION_COOKIE } from "./request-auth.ts";

let t: TestApp;
let admin: TestUser;
let handler: TestUser;

before(async () => {
  t = await createTestApp({ logLevel: "silent" });
  admin = await t.user("admin");
  handler = await t.user("handler");
});

after(async () => {
  await t?.close();
});

let ipCounter = 0;
/**
 * Login is rate limited per client address; every test logs in from its own
 * address so that the limit is only reached where a test means to reach it.
 */
const nextIp = () => `10.1.${Math.floor(ipCounter / 200)}.${(ipCounter++ % 200) + 1}`;

type Response = Awaited<ReturnType<TestApp["request"]>>;

async function login(email: string, password: string, ip = nextIp()): Promise<Response> {
  const response = await t.app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password },
    remoteAddress: ip,
  });
  return Object.assign(response, { json: () => JSON.parse(response.body) });
}

interface Session {
  cookie: string;
  csrfToken: string;
}

async function logInAs(user: { email: string; password: string }): Promise<Session> {
  const response = await login(user.email, user.password);
  assert.equal(response.statusCode, 200, response.body);
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
  assert.ok(cookie, "session cookie set");
  return { cookie: `${SESSION_COOKIE}=${cookie.value}`, csrfToken: response.json().csrfToken };
}

/** A request carrying the session cookie and, when given, an X-CSRF-Token header. */
function withSession(
  session: Session,
  method: "GET" | "POST" | "PATCH",
  url: string,
  options: { csrf?: string; body?: unknown } = {},
): Promise<Response> {
  const headers: Record<string, string> = { cookie: session.cookie };
  if (options.csrf !== undefined) headers["x-csrf-token"] = options.csrf;
  return t.request(method, url, { headers, body: options.body });
}

describe("login", () => {
  test("sets an HttpOnly, SameSite=Strict session cookie and returns the CSRF token", async () => {
    const user = await t.user("handler");
    const response = await login(user.email, user.password);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.match(body.csrfToken, /^csrf_/);
    assert.equal(body.user.email, user.email);
    assert.equal(body.user.role, "handler");
    assert.equal("passwordHash" in body.user, false);
    assert.ok(Date.parse(body.expiresAt) > Date.now());

    const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE);
    assert.ok(cookie);
    assert.match(cookie.value, /^vgs_/);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, "Strict");
    assert.equal(cookie.path, "/");
    assert.equal(cookie.secure, undefined, "plain-http base URL: no Secure flag");
    // Cookie dates have whole seconds.
    assert.equal(
      Math.floor(new Date(cookie.expires as Date).getTime() / 1000),
      Math.floor(Date.parse(body.expiresAt) / 1000),
    );
  });

  test("accepts the e-mail in any case and with surrounding spaces", async () => {
    const user = await t.user("handler");
    const response = await login(`  ${user.email.toUpperCase()} `, user.password);
    assert.equal(response.statusCode, 200, response.body);
  });

  test("a wrong password and an unknown e-mail get the same 401", async () => {
    const user = await t.user("handler");
    const wrongPassword = await login(user.email, "not the password at all");
    const unknownEmail = await login("nobody@example.org", user.password);
    assertError(wrongPassword, 401, "INVALID_CREDENTIALS");
    assertError(unknownEmail, 401, "INVALID_CREDENTIALS");
    assert.equal(wrongPassword.body, unknownEmail.body);
    assert.equal(wrongPassword.headers["set-cookie"], undefined);
  });

  test("a malformed body is a 400", async () => {
    const response = await t.request("POST", "/api/auth/login", { body: { email: "a@b.c" } });
    assertError(response, 400, "VALIDATION_FAILED");
  });
});

describe("session", () => {
  test("GET requests work with the cookie alone", async () => {
    const user = await t.user("handler");
    const session = await logInAs(user);
    const me = await withSession(session, "GET", "/api/me");
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json().user.email, user.email);
    assert.equal(me.json().csrfToken, session.csrfToken);
    assert.equal(me.json().scopes, null, "a session is limited by the role only");
    const list = await withSession(session, "GET", "/api/incidents");
    assert.equal(list.statusCode, 200, list.body);
  });

  test("an unknown session cookie is a 401", async () => {
    const response = await t.request("GET", "/api/me", {
      headers: { cookie: `${SESSION_COOKIE}=vgs_forged` },
    });
    assertError(response, 401, "UNAUTHENTICATED");
  });

  test("POST needs the session's X-CSRF-Token header", async () => {
    const session = await logInAs(await t.user("handler"));
    const other = await logInAs(await t.user("handler"));
    const body = { title: "Phishing wave" };
    assertError(
      await withSession(session, "POST", "/api/incidents", { body }),
      403,
      "CSRF_TOKEN_INVALID",
    );
    assertError(
      await withSession(session, "POST", "/api/incidents", { body, csrf: "csrf_wrong" }),
      403,
      "CSRF_TOKEN_INVALID",
    );
    assertError(
      await withSession(session, "POST", "/api/incidents", { body, csrf: other.csrfToken }),
      403,
      "CSRF_TOKEN_INVALID",
    );
    assertError(
      await withSession(session, "POST", "/api/incidents", { body, csrf: "" }),
      403,
      "CSRF_TOKEN_INVALID",
    );
    const created = await withSession(session, "POST", "/api/incidents", {
      body,
      csrf: session.csrfToken,
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().title, "Phishing wave");
  });

  test("PATCH needs the session's X-CSRF-Token header", async () => {
    const session = await logInAs(await t.user("handler"));
    const created = await withSession(session, "POST", "/api/incidents", {
      body: { title: "Before" },
      csrf: session.csrfToken,
    });
    assert.equal(created.statusCode, 201, created.body);
    const url = `/api/incidents/${created.json().id}`;
    const body = { title: "After", version: 1 };
    assertError(await withSession(session, "PATCH", url, { body }), 403, "CSRF_TOKEN_INVALID");
    assertError(
      await withSession(session, "PATCH", url, { body, csrf: `${session.csrfToken}x` }),
      403,
      "CSRF_TOKEN_INVALID",
    );
    const updated = await withSession(session, "PATCH", url, { body, csrf: session.csrfToken });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().title, "After");
  });

  test("a bearer token needs no CSRF header", async () => {
    const response = await t.request("POST", "/api/incidents", {
      as: handler,
      body: { title: "Token-made" },
    });
    assert.equal(response.statusCode, 201, response.body);
  });

  test("logout ends that session only", async () => {
    const user = await t.user("handler");
    const session = await logInAs(user);
    const otherDevice = await logInAs(user);
    const response = await t.request("POST", "/api/auth/logout", {
      headers: { cookie: session.cookie },
    });
    assert.equal(response.statusCode, 204, response.body);
    const cleared = response.cookies.find((c) => c.name === SESSION_COOKIE);
    assert.ok(cleared, "the cookie is cleared");
    assert.equal(cleared.value, "");
    assertError(await withSession(session, "GET", "/api/me"), 401, "UNAUTHENTICATED");
    assert.equal((await withSession(otherDevice, "GET", "/api/me")).statusCode, 200);
  });

  test("logout without a session is harmless", async () => {
    const response = await t.request("POST", "/api/auth/logout");
    assert.equal(response.statusCode, 204);
  });
});

describe("password change", () => {
  const strong = "a much longer new passphrase";

  test("needs authentication", async () => {
    const response = await t.request("POST", "/api/me/password", {
      body: { current: "x", next: strong },
    });
    assertError(response, 401, "UNAUTHENTICATED");
  });

  test("refuses a weak new password and a wrong current password", async () => {
    const user = await t.user("handler");
    const session = await logInAs(user);
    const csrf = session.csrfToken;
    assertError(
      await withSession(session, "POST", "/api/me/password", {
        body: { current: user.password, next: "short" },
        csrf,
      }),
      400,
      "WEAK_PASSWORD",
    );
    assertError(
      await withSession(session, "POST", "/api/me/password", {
        body: { current: "not my password", next: strong },
        csrf,
      }),
      401,
      "INVALID_CREDENTIALS",
    );
    assertError(
      await withSession(session, "POST", "/api/me/password", {
        body: { current: user.password, next: strong },
      }),
      403,
      "CSRF_TOKEN_INVALID",
    );
    assertError(await login(user.email, strong), 401, "INVALID_CREDENTIALS");
  });

  test("a new password ends the user's other sessions but keeps this one", async () => {
    const user = await t.user("handler");
    const session = await logInAs(user);
    const otherDevice = await logInAs(user);
    const response = await withSession(session, "POST", "/api/me/password", {
      body: { current: user.password, next: strong },
      csrf: session.csrfToken,
    });
    assert.equal(response.statusCode, 204, response.body);
    assert.equal((await withSession(session, "GET", "/api/me")).statusCode, 200);
    assertError(await withSession(otherDevice, "GET", "/api/me"), 401, "UNAUTHENTICATED");
    assertError(await login(user.email, user.password), 401, "INVALID_CREDENTIALS");
    assert.equal((await login(user.email, strong)).statusCode, 200);
  });
});

describe("disabled users", () => {
  test("a disabled user's token, session and password stop working", async () => {
    const user = await t.user("handler");
    const session = await logInAs(user);
    assert.equal((await t.request("GET", "/api/me", { as: user })).statusCode, 200);

    const disabled = await t.request("PATCH", `/api/users/${user.id}`, {
      as: admin,
      body: { disabled: true },
    });
    assert.equal(disabled.statusCode, 200, disabled.body);
    assert.equal(disabled.json().disabled, true);
    assertError(await t.request("GET", "/api/me", { as: user }), 401, "UNAUTHENTICATED");
    assertError(await withSession(session, "GET", "/api/me"), 401, "UNAUTHENTICATED");
    assertError(await login(user.email, user.password), 401, "INVALID_CREDENTIALS");

    const enabled = await t.request("PATCH", `/api/users/${user.id}`, {
      as: admin,
      body: { disabled: false },
    });
    assert.equal(enabled.statusCode, 200, enabled.body);
    assert.equal((await t.request("GET", "/api/me", { as: user })).statusCode, 200);
    assertError(await withSession(session, "GET", "/api/me"), 401, "UNAUTHENTICATED");
  });

  test("a session is refused as soon as its user is disabled, even if not purged", async () => {
    const user = await t.user("handler");
    const session = await logInAs(user);
    await t.db.execute(sql`UPDATE users SET disabled = true WHERE id = ${user.id}`);
    assertError(await withSession(session, "GET", "/api/me"), 401, "UNAUTHENTICATED");
  });
});

describe("token scopes", () => {
  test("a read-only token can read but not write", async () => {
    const reader = await t.user("handler", { scopes: ["read"] });
    assert.equal((await t.request("GET", "/api/incidents", { as: reader })).statusCode, 200);
    assertError(
      await t.request("POST", "/api/incidents", { as: reader, body: { title: "Nope" } }),
      403,
      "INSUFFICIENT_SCOPE",
    );
    const me = await t.request("GET", "/api/me", { as: reader });
    assert.deepEqual(me.json().scopes, ["read"]);
  });

  test("an admin token without the admin scope cannot manage users", async () => {
    const narrow = await t.user("admin", { scopes: ["read", "write"] });
    assertError(await t.request("GET", "/api/users", { as: narrow }), 403, "INSUFFICIENT_SCOPE");
  });

  test("a role cannot be given scopes beyond it", async () => {
    const auditor = await t.user("auditor");
    assertError(
      await t.request("POST", "/api/tokens", { as: auditor, body: { scopes: ["write"] } }),
      403,
      "FORBIDDEN",
    );
    const constituent = await t.user("constituent", { tenantId: t.defaultTenantId });
    assertError(
      await t.request("POST", "/api/tokens", {
        as: admin,
        body: { userId: constituent.id, scopes: ["read", "admin"] },
      }),
      403,
      "FORBIDDEN",
    );
    const own = await t.request("POST", "/api/tokens", { as: auditor, body: {} });
    assert.equal(own.statusCode, 201, own.body);
    assert.deepEqual(own.json().scopes, ["read", "audit"], "defaults to what the role can hold");
  });

  test("a scoped token cannot mint a token wider than itself", async () => {
    const reader = await t.user("handler", { scopes: ["read"] });
    assertError(
      await t.request("POST", "/api/tokens", { as: reader, body: { scopes: ["read", "write"] } }),
      403,
      "INSUFFICIENT_SCOPE",
    );
    const minted = await t.request("POST", "/api/tokens", { as: reader, body: {} });
    assert.equal(minted.statusCode, 201, minted.body);
    assert.deepEqual(minted.json().scopes, ["read"]);
    const child = { ...reader, token: minted.json().token as string };
    assertError(
      await t.request("POST", "/api/incidents", { as: child, body: { title: "Nope" } }),
      403,
      "INSUFFICIENT_SCOPE",
    );
  });
});

describe("/api/users", () => {
  test("GET: 401, 403 for non-admins, 200 for admins", async () => {
    assertError(await t.request("GET", "/api/users"), 401, "UNAUTHENTICATED");
    assertError(await t.request("GET", "/api/users", { as: handler }), 403, "FORBIDDEN");
    const auditor = await t.user("auditor");
    assertError(await t.request("GET", "/api/users", { as: auditor }), 403, "FORBIDDEN");
    const response = await t.request("GET", "/api/users", { as: admin });
    assert.equal(response.statusCode, 200, response.body);
    const emails = response.json().items.map((u: { email: string }) => u.email);
    assert.ok(emails.includes(handler.email));
    assert.ok(response.json().items.every((u: object) => !("passwordHash" in u)));
  });

  test("POST: 401, 400, 403, 201", async () => {
    const body = { email: "new.handler@example.org", role: "handler" };
    assertError(await t.request("POST", "/api/users", { body }), 401, "UNAUTHENTICATED");
    assertError(
      await t.request("POST", "/api/users", {
        as: admin,
        body: { ...body, email: "not-an-e-mail" },
      }),
      400,
      "VALIDATION_FAILED",
    );
    assertError(
      await t.request("POST", "/api/users", { as: admin, body: { ...body, role: "root" } }),
      400,
      "VALIDATION_FAILED",
    );
    assertError(await t.request("POST", "/api/users", { as: handler, body }), 403, "FORBIDDEN");

    const created = await t.request("POST", "/api/users", { as: admin, body });
    assert.equal(created.statusCode, 201, created.body);
    const { user, generatedPassword } = created.json();
    assert.equal(user.email, body.email);
    assert.equal(user.role, "handler");
    assert.equal(typeof generatedPassword, "string");
    assert.equal((await login(body.email, generatedPassword)).statusCode, 200);
  });

  test("POST with a chosen password returns none, and refuses a weak one", async () => {
    const created = await t.request("POST", "/api/users", {
      as: admin,
      body: { email: "chosen@example.org", role: "lead", password: "a long chosen password" },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().generatedPassword, null);
    assertError(
      await t.request("POST", "/api/users", {
        as: admin,
        body: { email: "weak@example.org", role: "lead", password: "short" },
      }),
      400,
      "WEAK_PASSWORD",
    );
  });

  test("POST refuses a taken e-mail in any case with 409 EMAIL_TAKEN", async () => {
    assertError(
      await t.request("POST", "/api/users", {
        as: admin,
        body: { email: handler.email.toUpperCase(), role: "handler" },
      }),
      409,
      "EMAIL_TAKEN",
    );
  });

  test("POST: a constituent needs an existing tenant", async () => {
    assertError(
      await t.request("POST", "/api/users", {
        as: admin,
        body: { email: "portal.user@example.org", role: "constituent" },
      }),
      400,
      "TENANT_REQUIRED",
    );
    assertError(
      await t.request("POST", "/api/users", {
        as: admin,
        body: { email: "portal.user@example.org", role: "constituent", tenant: "no-such-tenant" },
      }),
      404,
      "TENANT_NOT_FOUND",
    );
    const tenantId = await t.tenant("portal-co");
    const created = await t.request("POST", "/api/users", {
      as: admin,
      body: { email: "portal.user@example.org", role: "constituent", tenant: "portal-co" },
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().user.tenantId, tenantId);
  });

  test("PATCH: 401, 400, 403, 404, 200", async () => {
    const target = await t.user("handler");
    const url = `/api/users/${target.id}`;
    const body = { displayName: "Grace" };
    assertError(await t.request("PATCH", url, { body }), 401, "UNAUTHENTICATED");
    assertError(
      await t.request("PATCH", "/api/users/not-a-uuid", { as: admin, body }),
      400,
      "VALIDATION_FAILED",
    );
    assertError(
      await t.request("PATCH", url, { as: admin, body: { password: "sneaky" } }),
      400,
      "VALIDATION_FAILED",
    );
    assertError(await t.request("PATCH", url, { as: handler, body }), 403, "FORBIDDEN");
    assertError(
      await t.request("PATCH", "/api/users/00000000-0000-4000-8000-000000000000", {
        as: admin,
        body,
      }),
      404,
      "USER_NOT_FOUND",
    );
    const updated = await t.request("PATCH", url, { as: admin, body: { ...body, role: "lead" } });
    assert.equal(updated.statusCode, 200, updated.body);
    assert.equal(updated.json().displayName, "Grace");
    assert.equal(updated.json().role, "lead");
  });

  test("PATCH: making a user a constituent needs a tenant", async () => {
    const target = await t.user("handler");
    assertError(
      await t.request("PATCH", `/api/users/${target.id}`, {
        as: admin,
        body: { role: "constituent" },
      }),
      400,
      "TENANT_REQUIRED",
    );
    const moved = await t.request("PATCH", `/api/users/${target.id}`, {
      as: admin,
      body: { role: "constituent", tenant: "default" },
    });
    assert.equal(moved.statusCode, 200, moved.body);
    assert.equal(moved.json().tenantId, t.defaultTenantId);
  });
});

describe("/api/tokens", () => {
  test("401, 400, 403, 404, 201", async () => {
    assertError(await t.request("POST", "/api/tokens", { body: {} }), 401, "UNAUTHENTICATED");
    assertError(
      await t.request("POST", "/api/tokens", { as: handler, body: { scopes: ["root"] } }),
      400,
      "VALIDATION_FAILED",
    );
    assertError(
      await t.request("POST", "/api/tokens", { as: handler, body: { email: admin.email } }),
      403,
      "FORBIDDEN",
    );
    assertError(
      await t.request("POST", "/api/tokens", { as: admin, body: { email: "ghost@example.org" } }),
      404,
      "USER_NOT_FOUND",
    );

    const own = await t.request("POST", "/api/tokens", {
      as: handler,
      body: { name: "ci", expiresInDays: 30 },
    });
    assert.equal(own.statusCode, 201, own.body);
    assert.equal(own.json().userId, handler.id);
    assert.deepEqual(own.json().scopes, ["read", "write"]);
    assert.ok(Date.parse(own.json().expiresAt) > Date.now() + 29 * 86_400_000);
    const me = await t.request("GET", "/api/me", { as: { ...handler, token: own.json().token } });
    assert.equal(me.json().user.id, handler.id);
  });

  test("non-admins cannot probe which e-mails have accounts", async () => {
    const known = await t.request("POST", "/api/tokens", {
      as: handler,
      body: { email: admin.email },
    });
    const unknown = await t.request("POST", "/api/tokens", {
      as: handler,
      body: { email: "nobody-here@example.org" },
    });
    assertError(known, 403, "FORBIDDEN");
    assertError(unknown, 403, "FORBIDDEN");
  });

  test("a bare POST without a body creates a token for the caller", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: "/api/tokens",
      headers: { authorization: `Bearer ${handler.token}` },
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(JSON.parse(response.body).userId, handler.id);
  });

  test("an admin can create a token for another user", async () => {
    const target = await t.user("lead");
    const response = await t.request("POST", "/api/tokens", {
      as: admin,
      body: { email: target.email, scopes: ["read"] },
    });
    assert.equal(response.statusCode, 201, response.body);
    assert.equal(response.json().userId, target.id);
    const me = await t.request("GET", "/api/me", {
      as: { ...target, token: response.json().token },
    });
    assert.equal(me.json().user.id, target.id);
    assert.deepEqual(me.json().scopes, ["read"]);
  });

  test("a session can create a token (with the CSRF header)", async () => {
    const session = await logInAs(handler);
    assertError(
      await withSession(session, "POST", "/api/tokens", { body: {} }),
      403,
      "CSRF_TOKEN_INVALID",
    );
    const response = await withSession(session, "POST", "/api/tokens", {
      body: {},
      csrf: session.csrfToken,
    });
    assert.equal(response.statusCode, 201, response.body);
  });
});

describe("/api/tenants", () => {
  test("GET: 401; team members see every tenant, constituents only theirs", async () => {
    const acme = await t.tenant("acme");
    await t.tenant("globex");
    assertError(await t.request("GET", "/api/tenants"), 401, "UNAUTHENTICATED");

    const all = await t.request("GET", "/api/tenants", { as: handler });
    assert.equal(all.statusCode, 200, all.body);
    const slugs = all.json().items.map((x: { slug: string }) => x.slug);
    for (const slug of ["acme", "default", "globex"]) assert.ok(slugs.includes(slug), slug);

    const constituent = await t.user("constituent", { tenantId: acme });
    const own = await t.request("GET", "/api/tenants", { as: constituent });
    assert.equal(own.statusCode, 200, own.body);
    assert.deepEqual(
      own.json().items.map((x: { id: string; slug: string }) => [x.id, x.slug]),
      [[acme, "acme"]],
    );
  });

  test("POST: 401, 400, 403, 201, 409", async () => {
    const body = { slug: "initech", name: "Initech" };
    assertError(await t.request("POST", "/api/tenants", { body }), 401, "UNAUTHENTICATED");
    assertError(
      await t.request("POST", "/api/tenants", { as: admin, body: { ...body, slug: "Not OK" } }),
      400,
      "VALIDATION_FAILED",
    );
    assertError(await t.request("POST", "/api/tenants", { as: handler, body }), 403, "FORBIDDEN");
    const constituent = await t.user("constituent", { tenantId: t.defaultTenantId });
    assertError(
      await t.request("POST", "/api/tenants", { as: constituent, body }),
      403,
      "FORBIDDEN",
    );
    const created = await t.request("POST", "/api/tenants", { as: admin, body });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().slug, "initech");
    assert.equal(created.json().name, "Initech");
    assertError(
      await t.request("POST", "/api/tenants", { as: admin, body }),
      409,
      "TENANT_SLUG_TAKEN",
    );
  });
});

describe("login rate limit", () => {
  test("the 11th attempt from one address within a minute is refused with 429", async () => {
    const ip = "10.99.0.1";
    for (let i = 1; i <= 10; i++) {
      assertError(await login(handler.email, `wrong guess ${i}`, ip), 401, "INVALID_CREDENTIALS");
    }
    const limited = await login(handler.email, handler.password, ip);
    assertError(limited, 429, "RATE_LIMITED");
    assert.ok(limited.headers["retry-after"], "tells the client when to retry");
    assert.equal((await login(handler.email, handler.password, "10.99.0.2")).statusCode, 200);
  });
});

describe("last admin guard", () => {
  test("the last active admin cannot be demoted or disabled", async () => {
    const lastAdmin = await t.user("admin");
    const listed = await t.request("GET", "/api/users", { as: lastAdmin });
    const otherAdmins = (listed.json().items as { id: string; role: string; disabled: boolean }[])
      .filter((u) => u.role === "admin" && !u.disabled && u.id !== lastAdmin.id)
      .map((u) => u.id);
    assert.ok(otherAdmins.length > 0);
    for (const id of otherAdmins) {
      const response = await t.request("PATCH", `/api/users/${id}`, {
        as: lastAdmin,
        body: { disabled: true },
      });
      assert.equal(response.statusCode, 200, response.body);
    }
    try {
      const url = `/api/users/${lastAdmin.id}`;
      assertError(
        await t.request("PATCH", url, { as: lastAdmin, body: { role: "handler" } }),
        409,
        "LAST_ADMIN",
      );
      assertError(
        await t.request("PATCH", url, { as: lastAdmin, body: { disabled: true } }),
        409,
        "LAST_ADMIN",
      );
      const rename = await t.request("PATCH", url, {
        as: lastAdmin,
        body: { displayName: "Still in charge" },
      });
      assert.equal(rename.statusCode, 200, rename.body);
    } finally {
      for (const id of otherAdmins) {
        await t.request("PATCH", `/api/users/${id}`, { as: lastAdmin, body: { disabled: false } });
      }
    }
    const demoted = await t.request("PATCH", `/api/users/${lastAdmin.id}`, {
      as: admin,
      body: { role: "handler" },
    });
    assert.equal(demoted.statusCode, 200, demoted.body);
  });
});
