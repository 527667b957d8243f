import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { apiSchemaFile, renderApiSchema } from "../../web/scripts/api-schema.ts";

test("the web client's generated API types match the server's OpenAPI document", async () => {
  const committed = readFileSync(apiSchemaFile, "utf8");
  const current = await renderApiSchema();
  assert.ok(
    committed === current,
    "web/src/api/schema.d.ts is stale: the API changed. Run `npm run api:generate` and commit the result.",
  );
});
