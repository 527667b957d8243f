import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { extractObservables, refang } from "./extract-observables.ts";
import {
  defang,
  type ExtractedObservable,
  normaliseCidr,
  normaliseObservable,
  normaliseUrl,
} from "./observables-rules.ts";

const has = (found: ExtractedObservable[], type: string, value: string) =>
  found.some((o) => o.type === type && o.value === value);

describe("extractObservables", () => {
  test("finds every type, refanged and normalised, once each", () => {
    const text = `Phish from hxxps://Evil[.]Example.COM:443/login?x=1 and bad[@]evil[.]co.uk.
      IPs 192.168.001.1, 10.0.0.5:8080 and 10[.]0[.]0[.]5; network 10.1.2.3/8;
      v6 2001:DB8:0:0:0:0:0:1 and [fe80::1]:22; www.münchen.de and example[dot]org
      files report.pdf C:\\Users\\bob\\evil.exe; CVE-2024-12345 cve-2021-44228; AS13335, ASN 64512
      md5 D41D8CD98F00B204E9800998ECF8427E sha1 da39a3ee5e6b4b0d3255bfef95601890afd80709
      sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
      ${"cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"}
      mail alice(at)example(.)org and hxxp://198.51.100.7/x`;
    const found = extractObservables(text);
    const expected: [string, string][] = [
      ["url", "https://evil.example.com/login?x=1"],
      ["domain", "evil.example.com"],
      ["email", "bad@evil.co.uk"],
      ["ipv4", "192.168.1.1"],
      ["ipv4", "10.0.0.5"],
      ["cidr", "10.0.0.0/8"],
      ["ipv6", "2001:db8::1"],
      ["ipv6", "fe80::1"],
      ["domain", "www.xn--mnchen-3ya.de"],
      ["domain", "example.org"],
      ["filename", "report.pdf"],
      ["filename", "evil.exe"],
      ["cve", "CVE-2024-12345"],
      ["cve", "CVE-2021-44228"],
      ["asn", "AS13335"],
      ["asn", "AS64512"],
      ["md5", "d41d8cd98f00b204e9800998ecf8427e"],
      ["sha1", "da39a3ee5e6b4b0d3255bfef95601890afd80709"],
      ["sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
      ["email", "alice@example.org"],
      ["url", "http://198.51.100.7/x"],
      ["ipv4", "198.51.100.7"],
    ];
    for (const [type, value] of expected) assert.ok(has(found, type, value), `${type} ${value}`);
    assert.ok(found.some((o) => o.type === "sha512"));
    const keys = found.map((o) => `${o.type} ${o.value}`);
    assert.equal(new Set(keys).size, keys.length, "deduplicated");
  });

  test("rejects invalid octets, file names posing as domains and fake hashes", () => {
    const found = extractObservables(
      "256.1.1.1 1.2.3 report.pdf notes.docx 12:30:45 aa:bb:cc:dd:ee:ff abcdef0123 300.2.3.4/24",
    );
    assert.ok(!found.some((o) => o.type === "ipv4"), JSON.stringify(found));
    assert.ok(!found.some((o) => o.type === "domain"), JSON.stringify(found));
    assert.ok(!found.some((o) => o.type === "ipv6"));
    assert.ok(!found.some((o) => o.type === "cidr"));
    assert.deepEqual(
      found.filter((o) => o.type === "filename").map((o) => o.value),
      ["report.pdf", "notes.docx"],
    );
  });

  test("refangs the usual conventions", () => {
    assert.equal(refang("hxxps://a[.]b(.)c{.}d[dot]e"), "https://a.b.c.d.e");
    assert.equal(refang("x[at]y.z x(at)y x[@]y"), "x@y.z x@y x@y");
    assert.equal(refang("hXXp[:]//a.b hxxp[://]c.d"), "http://a.b http://c.d");
    assert.equal(refang("evil [.] example [dot] com"), "evil.example.com");
  });

  test("normalises CIDRs to their network and URLs per WHATWG", () => {
    assert.equal(normaliseCidr("192.168.1.77/24"), "192.168.1.0/24");
    assert.equal(normaliseCidr("2001:DB8::1/32"), "2001:db8::/32");
    assert.equal(normaliseCidr("0.0.0.0/0"), "0.0.0.0/0");
    assert.equal(normaliseUrl("HTTP://Example.COM:80/a"), "http://example.com/a");
    assert.equal(normaliseUrl("https://example.com:8443/"), "https://example.com:8443/");
    assert.equal(normaliseObservable("asn", "as64512"), "AS64512");
    assert.equal(normaliseObservable("ipv4", "1.2.3.256"), undefined);
  });
});

// Generators of canonical observables (real public suffixes, so domains are domains).
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const suffix = fc.constantFrom("com", "org", "net", "fr", "de", "co.uk", "io", "example.com");
const domain = fc
  .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), suffix)
  .map(([labels, s]) => `${labels.join(".")}.${s}`);
const ipv4 = fc.ipV4();
const ipv6 = fc
  .ipV6()
  .map((v) => normaliseObservable("ipv6", v))
  // The unspecified address alone is noise in text (`::`), so extraction skips it.
  .filter((v): v is string => v !== undefined && v !== "::");
const url = fc
  .tuple(
    fc.constantFrom("http", "https"),
    fc.oneof(domain, ipv4),
    fc.array(fc.stringMatching(/^[a-zA-Z0-9_-]{1,8}$/), { maxLength: 3 }),
  )
  .map(([scheme, host, path]) => normaliseUrl(`${scheme}://${host}/${path.join("/")}`) as string);
const email = fc
  .tuple(fc.stringMatching(/^[a-z0-9]([a-z0-9_+-]{0,10}[a-z0-9])?$/), domain)
  .map(([local, d]) => `${local}@${d}`);
const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));
const observable = fc.oneof(
  domain.map((value) => ({ type: "domain", value })),
  ipv4.map((value) => ({ type: "ipv4", value })),
  ipv6.map((value) => ({ type: "ipv6", value })),
  url.map((value) => ({ type: "url", value })),
  email.map((value) => ({ type: "email", value })),
  hex(32).map((value) => ({ type: "md5", value })),
  hex(40).map((value) => ({ type: "sha1", value })),
  hex(64).map((value) => ({ type: "sha256", value })),
  hex(128).map((value) => ({ type: "sha512", value })),
);

describe("extraction properties", () => {
  test("defang(x) then extract gives x back", () => {
    fc.assert(
      fc.property(observable, fc.constantFrom(" ", "\n", ", ", " (see ", "\t"), (o, sep) => {
        const found = extractObservables(`Indicator${sep}${defang(o.value)}${sep}end.`);
        assert.ok(has(found, o.type, o.value), `${o.type} ${o.value} in ${JSON.stringify(found)}`);
      }),
      { numRuns: 500 },
    );
  });

  test("what comes out is already normalised", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        for (const o of extractObservables(s)) {
          assert.equal(normaliseObservable(o.type, o.value), o.value, `${o.type} ${o.value}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 500 }), (s) => {
        extractObservables(s);
      }),
      { numRuns: 1000 },
    );
  });

  test("stays linear on a megabyte of adversarial input", () => {
    const inputs = [
      "a".repeat(1_000_000),
      " [ ".repeat(300_000),
      "0123456789abcdef".repeat(65_536),
      "1.".repeat(500_000),
      "a@".repeat(500_000),
      "hxxp://".repeat(140_000),
      `${"x.".repeat(400_000)}com`,
      "[.](.){.}".repeat(110_000),
      "AS1 ".repeat(250_000),
    ];
    for (const input of inputs) {
      const started = performance.now();
      extractObservables(input);
      const ms = performance.now() - started;
      assert.ok(ms < 3000, `${input.slice(0, 12)}… took ${ms.toFixed(0)} ms`);
    }
  });
});
