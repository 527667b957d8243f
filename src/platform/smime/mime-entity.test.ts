import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { sealerFromSecret } from "../sealing/sealed-secret.ts";
import { multipartParts, parseContentType, splitEntity } from "./mime-entity.ts";
import { isSmimeMessage, unwrapSmime } from "./unwrap-smime.ts";

const boundary = "b0undary-XYZ";
const partText = fc
  .string({ unit: fc.constantFrom("a", "b", "-", " ", ":", "\r\n", "\n", "=", "é") })
  .filter((s) => !s.includes(`--${boundary}`));

test("multipart parts come back byte for byte, whatever the line ends", () => {
  fc.assert(
    fc.property(fc.array(partText, { minLength: 1, maxLength: 5 }), fc.boolean(), (parts, crlf) => {
      const nl = crlf ? "\r\n" : "\n";
      const body = `preamble${nl}${parts.map((p) => `--${boundary}${nl}${p}${nl}`).join("")}--${boundary}--${nl}`;
      const split = multipartParts(Buffer.from(body, "latin1"), boundary).map((b) =>
        b.toString("latin1"),
      );
      assert.deepEqual(split, parts);
    }),
  );
});

test("header and content-type parsing never throw on arbitrary bytes", () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      const entity = splitEntity(Buffer.from(bytes));
      for (const h of entity.headers) parseContentType(h.value);
      isSmimeMessage(Buffer.from(bytes));
    }),
  );
});

test("S/MIME unwrapping of mutated envelopes ends with a verdict, never an exception", async () => {
  const head =
    "Content-Type: application/pkcs7-mime; smime-type=enveloped-data\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
      const raw = Buffer.from(head + Buffer.from(bytes).toString("base64"));
      const outcome = await unwrapSmime(raw, { identities: [], trustAnchors: [] });
      assert.ok(outcome);
    }),
    { numRuns: 200 },
  );
});

test("quoted parameters keep their semicolons and escapes", () => {
  assert.deepEqual(
    parseContentType(
      'Multipart/Signed; protocol="application/pkcs7-signature"; BOUNDARY="a;b\\"c"',
    ),
    {
      type: "multipart/signed",
      params: { protocol: "application/pkcs7-signature", boundary: 'a;b"c' },
    },
  );
});

test("sealed secrets open only with the same instance secret and purpose", () => {
  const secret = "s".repeat(40);
  const sealed = sealerFromSecret(secret, "imap").seal("hunter2");
  assert.match(sealed, /^v1\./);
  assert.equal(sealerFromSecret(secret, "imap").open(sealed).toString(), "hunter2");
  assert.throws(() => sealerFromSecret("t".repeat(40), "imap").open(sealed), {
    code: "SECRET_KEY_MISSING",
  });
  assert.throws(() => sealerFromSecret(secret, "smime").open(sealed), {
    code: "SECRET_KEY_MISSING",
  });
  assert.notEqual(sealerFromSecret(secret, "imap").seal("hunter2"), sealed, "a fresh IV each time");
});
