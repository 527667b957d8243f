import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { defaultArchiveLimits } from "./archive-inspection.ts";
import { defaultMimeLimits, QuarantineVerdict } from "./mime-structure.ts";
import { parseIntakeMessage } from "./parse-intake-message.ts";

const options = {
  providers: [],
  context: { tenantId: "t", purpose: "cert" as const, senderAddress: null },
  mimeLimits: defaultMimeLimits,
  archiveLimits: defaultArchiveLimits,
  timeoutMs: 5_000,
};

/** Parses, and returns the quarantine code or "ok"; anything else thrown is a bug. */
async function outcome(raw: Buffer): Promise<string> {
  try {
    await parseIntakeMessage(raw, options);
    return "ok";
  } catch (err) {
    if (err instanceof QuarantineVerdict) return err.code;
    throw err;
  }
}

const sample = [
  "From: a@example.net",
  "Subject: =?utf-8?q?caf=C3=A9?=",
  'Content-Type: multipart/mixed; boundary="xx"',
  "",
  "--xx",
  "Content-Type: text/html; charset=utf-8",
  "Content-Transfer-Encoding: quoted-printable",
  "",
  "<p>hello=20<b>world</b></p>",
  "--xx",
  "Content-Type: message/rfc822",
  "",
  "From: b@example.net",
  "Subject: inner",
  "",
  "inner body",
  "--xx--",
  "",
].join("\r\n");

describe("parseIntakeMessage against hostile input", () => {
  test("random bytes never crash or hang the parser: parsed or quarantined", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), async (bytes) => {
        const started = Date.now();
        assert.ok(
          ["ok", "malformed-mime", "unparseable"].includes(await outcome(Buffer.from(bytes))),
        );
        assert.ok(Date.now() - started < 5_000);
      }),
      { numRuns: 200 },
    );
  });

  test("mutations of a real message (cut, duplicated, flipped bytes) never crash the parser", async () => {
    const base = Buffer.from(sample);
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant("cut"), at: fc.nat(base.length) }),
      fc.record({
        kind: fc.constant("flip"),
        at: fc.nat(base.length - 1),
        byte: fc.integer({ min: 0, max: 255 }),
      }),
      fc.record({
        kind: fc.constant("repeat"),
        at: fc.nat(base.length),
        length: fc.integer({ min: 1, max: 60 }),
        times: fc.integer({ min: 1, max: 50 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (mutations) => {
        let raw: Buffer = base;
        for (const m of mutations) {
          if (m.kind === "cut") raw = raw.subarray(0, Math.min(m.at, raw.length));
          else if (m.kind === "flip" && raw.length > 0) {
            raw = Buffer.from(raw);
            raw[m.at % raw.length] = m.byte;
          } else if (m.kind === "repeat") {
            const slice = raw.subarray(
              m.at % (raw.length || 1),
              (m.at % (raw.length || 1)) + m.length,
            );
            raw = Buffer.concat([raw, ...Array(m.times).fill(slice)]);
          }
        }
        await outcome(raw);
      }),
      { numRuns: 300 },
    );
  });

  test("deep nesting, oversized headers and too many parts are quarantined with their reason", async () => {
    let nested = "Content-Type: text/plain\r\n\r\nbottom";
    for (let i = 0; i < 40; i++) {
      nested = `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n${nested}\r\n--b${i}--`;
    }
    assert.equal(await outcome(Buffer.from(`From: a@b.example\r\n${nested}`)), "too-deep-nesting");
    const bigHeader = `From: a@b.example\r\nX-Junk: ${"a".repeat(200_000)}\r\n\r\nbody`;
    assert.equal(await outcome(Buffer.from(bigHeader)), "oversized-header");
    const parts = Array.from(
      { length: 600 },
      () => "--p\r\nContent-Type: text/plain\r\n\r\nx",
    ).join("\r\n");
    const many = `From: a@b.example\r\nContent-Type: multipart/mixed; boundary="p"\r\n\r\n${parts}\r\n--p--`;
    assert.equal(await outcome(Buffer.from(many)), "too-many-parts");
    assert.equal(
      await outcome(
        Buffer.from("From: a@b.example\r\nContent-Type: multipart/mixed\r\n\r\nno boundary"),
      ),
      "malformed-mime",
    );
  });

  test("a gzip attachment that expands past the limit is a decompression bomb", async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024)).toString("base64");
    const raw = [
      "From: a@b.example",
      'Content-Type: multipart/mixed; boundary="z"',
      "",
      "--z",
      "Content-Type: text/plain",
      "",
      "see attachment",
      "--z",
      'Content-Type: application/gzip; name="logs.gz"',
      "Content-Transfer-Encoding: base64",
      'Content-Disposition: attachment; filename="logs.gz"',
      "",
      bomb,
      "--z--",
    ].join("\r\n");
    assert.equal(await outcome(Buffer.from(raw)), "decompression-bomb");
    const small = gzipSync(Buffer.from("normal log\n".repeat(100))).toString("base64");
    assert.equal(await outcome(Buffer.from(raw.replace(bomb, small))), "ok");
  });
});
