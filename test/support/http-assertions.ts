import assert from "node:assert/strict";
import { errorCodes } from "../../src/platform/errors.ts";
import type { TestApp, TestUser } from "./test-app.ts";

/** A parsed JSON response body, checked field by field in tests. */
// biome-ignore lint/suspicious/noExplicitAny: response bodies are JSON, checked field by field
export type Json = Record<string, any>;

export type TestResponse = Awaited<ReturnType<TestApp["request"]>>;

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

export interface Call {
  method: Method;
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Sends a described call, authenticated as `as` when given. */
export function send(t: TestApp, as: TestUser | undefined, call: Call): Promise<TestResponse> {
  return t.request(call.method, call.url, {
    ...(as ? { as } : {}),
    ...(call.body === undefined ? {} : { body: call.body }),
    ...(call.headers ? { headers: call.headers } : {}),
  });
}

/** The error envelope with a known stable code, and nothing that leaks internals. */
export function assertError(res: TestResponse, status: number, code: string): void {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json();
  assert.deepEqual(Object.keys(body), ["error"]);
  assert.equal(body.error.code, code);
  assert.ok((errorCodes as readonly string[]).includes(body.error.code), body.error.code);
  assert.equal(typeof body.error.message, "string");
  assert.doesNotMatch(res.body, /\bat .+:\d+:\d+/, "no stack trace");
}

/** One row of an endpoint table: how to call it well, how to call it badly. */
export interface EndpointCase<F> {
  route: string;
  request: (f: F) => Call;
  invalid: (f: F) => Call;
  success: number;
  /** Addresses one case, so another tenant must get the same answer as for a missing one. */
  perCase: boolean;
}

export interface EndpointTableContext<F extends { id: string; version: number }> {
  t: () => TestApp;
  /** A team member of the case's tenant, for whom every request succeeds. */
  insider: () => TestUser;
  /** Users of another tenant: the case must look missing to them. */
  outsiders: () => TestUser[];
  fresh: () => Promise<F>;
  version: (id: string) => Promise<number>;
  /** Adjusts a fixture for an outsider (e.g. to point at the outsider's own incident). */
  forOutsider?: (f: F, outsider: TestUser) => Promise<F>;
  notFoundCode: string;
}

/**
 * Registers, for every endpoint, the 401 / 400 / 404-for-another-tenant / success
 * table, each checking that a refused request changed nothing.
 */
export function endpointTable<F extends { id: string; version: number }>(
  endpoints: EndpointCase<F>[],
  ctx: EndpointTableContext<F>,
  describe: (name: string, fn: () => void) => void,
  test: (name: string, fn: () => Promise<void>) => void,
): void {
  const unchanged = async (f: F) =>
    assert.equal(await ctx.version(f.id), f.version, "nothing changed");
  for (const endpoint of endpoints) {
    describe(endpoint.route, () => {
      test("401 without credentials and with a bogus bearer token", async () => {
        const f = await ctx.fresh();
        assertError(await send(ctx.t(), undefined, endpoint.request(f)), 401, "UNAUTHENTICATED");
        const bogus = endpoint.request(f);
        bogus.headers = { ...bogus.headers, authorization: "Bearer vgt_not-a-real-token-at-all" };
        assertError(await send(ctx.t(), undefined, bogus), 401, "UNAUTHENTICATED");
        await unchanged(f);
      });

      test("400 VALIDATION_FAILED on invalid input", async () => {
        const f = await ctx.fresh();
        assertError(
          await send(ctx.t(), ctx.insider(), endpoint.invalid(f)),
          400,
          "VALIDATION_FAILED",
        );
        await unchanged(f);
      });

      if (endpoint.perCase) {
        test("another tenant gets the same answer as for a missing case", async () => {
          const f = await ctx.fresh();
          const missing = crypto.randomUUID();
          for (const outsider of ctx.outsiders()) {
            const g = ctx.forOutsider ? await ctx.forOutsider(f, outsider) : f;
            const foreign = await send(ctx.t(), outsider, endpoint.request(g));
            const absent = await send(ctx.t(), outsider, endpoint.request({ ...g, id: missing }));
            assert.equal(
              foreign.statusCode,
              absent.statusCode,
              `${outsider.role}: ${foreign.body}`,
            );
            assert.equal(foreign.json().error.code, absent.json().error.code);
            assert.equal(
              foreign.json().error.message.replace(f.id, "<id>"),
              absent.json().error.message.replace(missing, "<id>"),
            );
            // Staff who may write are refused by visibility, not by role.
            if (outsider.role !== "constituent") {
              assertError(foreign, 404, ctx.notFoundCode);
            }
          }
          await unchanged(f);
        });
      }

      test(`${endpoint.success} on success`, async () => {
        const f = await ctx.fresh();
        const res = await send(ctx.t(), ctx.insider(), endpoint.request(f));
        assert.equal(res.statusCode, endpoint.success, res.body);
        assert.equal(res.json().error, undefined);
      });
    });
  }
}
