import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { createGnuPG, type GnuPG } from "../../../test/support/gnupg.ts";
import { assertError, type Json } from "../../../test/support/http-assertions.ts";
import { createTestApp, type TestApp, type TestUser } from "../../../test/support/test-app.ts";
import { keyPassphrase } from "../../platform/pgp/instance-secret.ts";
import { localOperator } from "../identity/actor.ts";
import { generateTeamKey } from "../keys/generate-team-key.ts";
import { csafMandatoryProblems, csafSchemaProblems } from "./csaf-validation.ts";
import { mailAdvisory } from "./mail-advisory.ts";

process.env.VIGIL_SECRET_KEY = "test-instance-secret-of-at-least-32-characters";
const corpus = join(import.meta.dirname, "../../../../shared/corpora/csaf-2.0");
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => void;

let t: TestApp;
let psirt: TestUser;
let gpg: GnuPG;
let work: string;
let teamFingerprint: string;

before(async () => {
  t = await createTestApp({ baseUrl: "https://psirt.example.com" });
  psirt = await t.user("psirt", { tenantId: t.defaultTenantId });
  const key = await generateTeamKey(t.db, {
    actor: localOperator,
    name: "Example PSIRT",
    email: "psirt@example.com",
    purpose: "psirt",
    keyPassphrase: () => keyPassphrase(process.env.VIGIL_SECRET_KEY as string),
  });
  teamFingerprint = key.fingerprint;
  gpg = createGnuPG();
  work = mkdtempSync(join(tmpdir(), "vigil-csaf-"));
});

after(async () => {
  await t?.close();
  gpg?.cleanup();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function confirmedCase(over: Json = {}): Promise<Json> {
  const res = await t.request("POST", "/api/psirt/cases", {
    as: psirt,
    body: {
      title: "Stored XSS <script>alert(1)</script> in the admin UI",
      description:
        "Device names are not escaped: <img src=x onerror=alert(1)> [link](javascript:x)",
      impact: "Script runs in an administrator's browser.",
      workaround: "Restrict the admin UI.",
      internalNotes: "INTERNAL-ONLY",
      cweIds: ["CWE-79"],
      affected: [
        {
          vendor: "Example Corp",
          product: "Example Router",
          versions: [{ version: "2.0", lessThan: "2.4.1", status: "affected" }],
        },
      ],
      fixVersions: ["2.4.1"],
      credits: [
        { name: "Rhea", type: "finder", consent: true },
        { name: "Shy Person", type: "analyst", consent: false },
      ],
      cvssV31: "CVSS:3.1/AV:A/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
      ...over,
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  let v = res.json().version;
  for (const status of ["validating", "confirmed"]) {
    const moved = await t.request("POST", `/api/psirt/cases/${res.json().id}/status`, {
      as: psirt,
      body: { status, version: v },
    });
    v = moved.json().version;
  }
  return { ...res.json(), version: v };
}

async function get(url: string) {
  const res = await t.request("GET", url);
  assert.equal(res.statusCode, 200, `${url}: ${res.body}`);
  return res;
}

describe("advisory publication under embargo", () => {
  test("before the date refused, parties may get the draft; on the date published, signed and listed", async () => {
    const c = await confirmedCase();
    await t.request("POST", `/api/psirt/cases/${c.id}/parties`, {
      as: psirt,
      body: { kind: "vendor", name: "Chip Vendor", email: "psirt@chip.example" },
    });
    const until = new Date(Date.now() + 2500);
    const embargo = await t.request("PUT", `/api/psirt/cases/${c.id}/embargo`, {
      as: psirt,
      body: { at: until.toISOString(), timeZone: "Europe/Paris", version: c.version },
    });
    assert.equal(embargo.statusCode, 200, embargo.body);
    await t.request("POST", "/api/psirt/subscribers", {
      as: psirt,
      body: { email: "soc@constituent.example" },
    });

    assertError(
      await t.request("POST", `/api/psirt/cases/${c.id}/publish`, { as: psirt }),
      409,
      "EMBARGO_ACTIVE",
    );
    assertError(
      await t.request("POST", `/api/psirt/cases/${c.id}/share`, {
        as: psirt,
        body: { format: "csaf", recipients: ["psirt@chip.example", "blog@press.example"] },
      }),
      409,
      "EMBARGO_ACTIVE",
    );
    const shared = await t.request("POST", `/api/psirt/cases/${c.id}/share`, {
      as: psirt,
      body: { format: "csaf", recipients: ["PSIRT@chip.example"] },
    });
    assert.deepEqual(shared.json(), { queued: 1 }, shared.body);
    assert.equal((await get("/.well-known/csaf/white/index.txt")).body, "", "nothing public yet");

    await sleep(Math.max(0, until.getTime() - Date.now() + 50));
    const published = await t.request("POST", `/api/psirt/cases/${c.id}/publish`, { as: psirt });
    assert.equal(published.statusCode, 200, published.body);
    const p = published.json();
    assert.equal(p.revision, 1);
    assert.equal(p.subscribers, 1);
    assert.equal(p.signerFingerprint, teamFingerprint);
    const after = (await t.request("GET", `/api/psirt/cases/${c.id}`, { as: psirt })).json();
    assert.equal(after.status, "disclosed");

    // The provider directory, as an aggregator reads it.
    const metadata = (await get("/.well-known/csaf/provider-metadata.json")).json();
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const v of ["2.0", "3.0", "3.1"]) {
      const {
        $schema: _s,
        $id: _i,
        id: _d,
        ...first
      } = JSON.parse(readFileSync(join(corpus, `referenced_schema/first/cvss-v${v}.json`), "utf8"));
      ajv.addSchema(first, `https://www.first.org/cvss/cvss-v${v}.json`);
    }
    ajv.addSchema(
      JSON.parse(readFileSync(join(corpus, "json_schema/csaf_json_schema.json"), "utf8")),
    );
    const validateProvider = ajv.compile(
      JSON.parse(readFileSync(join(corpus, "json_schema/provider_json_schema.json"), "utf8")),
    );
    assert.equal(validateProvider(metadata), true, JSON.stringify(validateProvider.errors));
    assert.equal(metadata.public_openpgp_keys[0].fingerprint, teamFingerprint);
    const index = (await get("/.well-known/csaf/white/index.txt")).body;
    const path = index.trim();
    assert.match(path, /^\d{4}\/[a-z0-9+\-_]+\.json$/);
    assert.match(
      (await get("/.well-known/csaf/white/changes.csv")).body,
      new RegExp(`^"${path}","`),
    );
    const doc = await get(`/.well-known/csaf/white/${path}`);
    const sha = await get(`/.well-known/csaf/white/${path}.sha512`);
    const asc = await get(`/.well-known/csaf/white/${path}.asc`);
    const name = path.split("/")[1] as string;
    writeFileSync(join(work, name), doc.rawPayload);
    writeFileSync(join(work, `${name}.sha512`), sha.body);
    writeFileSync(join(work, `${name}.asc`), asc.body);
    const check = spawnSync("sha512sum", ["-c", `${name}.sha512`], { cwd: work });
    assert.equal(check.status, 0, check.stderr.toString() + check.stdout.toString());
    const publicKey = await t.request("GET", `/api/keys/team/${teamFingerprint}.asc`);
    gpg.importKey(publicKey.body);
    const verify = gpg.run(["--verify", join(work, `${name}.asc`), join(work, name)]);
    assert.equal(verify.code, 0, verify.stderr);
    assert.ok(
      verify.status.some((l) => l.startsWith(`[GNUPG:] VALIDSIG ${teamFingerprint}`)),
      verify.stderr,
    );
    writeFileSync(join(work, name), `${doc.body} `);
    assert.notEqual(gpg.run(["--verify", join(work, `${name}.asc`), join(work, name)]).code, 0);

    const csaf = JSON.parse(doc.body);
    assert.deepEqual(csafSchemaProblems(csaf), []);
    assert.deepEqual(await csafMandatoryProblems(csaf), []);
    assert.equal(csaf.document.distribution.tlp.label, "WHITE");
    assert.doesNotMatch(doc.body, /INTERNAL-ONLY|Shy Person/);

    // Human-readable renderings, escaped.
    const html = (await get(`/advisories/${name.replace(/\.json$/, ".html")}`)).body;
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.doesNotMatch(html, /<script>|<img/);
    const md = (await get(`/advisories/${name.replace(/\.json$/, ".md")}`)).body;
    assert.match(md, /\\\[link\\\]\\\(javascript:x\\\)/);

    // Subscriber mail: one signed message, and a retried job sends nothing more.
    const advisoryId = (
      (await t.db.execute("SELECT id FROM psirt_advisories LIMIT 1")) as unknown as {
        rows: { id: string }[];
      }
    ).rows[0]?.id as string;
    const settings = {
      mailFrom: "psirt@example.com",
      publisherName: "Example PSIRT",
      keyPassphrase: () => keyPassphrase(process.env.VIGIL_SECRET_KEY as string),
    };
    assert.equal(await mailAdvisory(t.db, { advisoryId, settings }), 1);
    assert.equal(await mailAdvisory(t.db, { advisoryId, settings }), 0);
    const mails = (
      (await t.db.execute(
        "SELECT envelope_to, raw_mime FROM outbound_messages ORDER BY created_at",
      )) as unknown as {
        rows: { envelope_to: string[]; raw_mime: string }[];
      }
    ).rows;
    assert.deepEqual(
      mails.map((m) => m.envelope_to),
      [["psirt@chip.example"], ["soc@constituent.example"]],
    );
    assert.match(
      mails[1]?.raw_mime ?? "",
      /multipart\/signed; boundary="[^"]+"; micalg=pgp-sha\d+;/,
    );

    // A second publication is revision 2 of the same document.
    const again = await t.request("POST", `/api/psirt/cases/${c.id}/publish`, { as: psirt });
    assert.equal(again.json().revision, 2, again.body);
    const v2 = JSON.parse((await get(`/.well-known/csaf/white/${path}`)).body);
    assert.equal(v2.document.tracking.version, "2");
    assert.equal(v2.document.tracking.revision_history.length, 2);
    assert.deepEqual(await csafMandatoryProblems(v2), []);
    const types = (await t.request("GET", `/api/psirt/cases/${c.id}/timeline`, { as: psirt }))
      .json()
      .items.map((e: Json) => e.type);
    assert.ok(types.includes("psirt.advisory_published") && types.includes("psirt.shared"));
  });

  test("public routes need no login and answer ADVISORY_NOT_FOUND for unknown files", async () => {
    assertError(
      await t.request("GET", "/.well-known/csaf/white/2099/nope.json"),
      404,
      "ADVISORY_NOT_FOUND",
    );
    assertError(await t.request("GET", "/advisories/nope.html"), 404, "ADVISORY_NOT_FOUND");
  });

  test("an advisory without affected products is refused with ADVISORY_INVALID", async () => {
    const c = await confirmedCase({ affected: [], fixVersions: [] });
    assertError(
      await t.request("POST", `/api/psirt/cases/${c.id}/publish`, { as: psirt }),
      422,
      "ADVISORY_INVALID",
    );
  });
});
