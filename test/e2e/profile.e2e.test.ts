import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import {
  browserSkipReason,
  logIn,
  openBrowser,
  screenshot,
  startVigil,
  type VigilUnderTest,
} from "./support/vigil-browser.ts";

// Team keys need the instance secret: a database server has no data dir to generate it in.
process.env.VIGIL_SECRET_KEY ??= "e2e-instance-secret-of-at-least-32-characters";

const thales = readFileSync(
  join(import.meta.dirname, "../../src/modules/profile/fixtures/thales-cert.rfc2350.txt"),
  "utf8",
);

const skip = browserSkipReason();
if (skip) process.stdout.write(`# SKIP browser journeys: ${skip}\n`);

let vigil: VigilUnderTest;
before(async () => {
  if (!skip) vigil = await startVigil();
});
after(async () => {
  await vigil?.stop();
});

test("an admin imports the Thales RFC 2350, edits the hours, and /rfc2350.txt publishes them", {
  skip: skip ?? false,
}, async () => {
  const admin = await vigil.user("admin");
  // The published text is signed with the CERT team key, which the import binds the profile to.
  await vigil.api(admin, "POST", "/api/keys/team", {
    name: "Thales CERT",
    email: "cert@example.org",
    purpose: "cert",
  });
  const browser = await openBrowser();
  try {
    const { page } = browser;
    const notFound: string[] = [];
    page.on("response", (res) => {
      if (res.status() === 404) notFound.push(new URL(res.url()).pathname);
    });
    await logIn(page, vigil.url, admin);
    await page.getByRole("link", { name: "Team profile" }).click();
    await page.getByRole("heading", { name: "Team profile" }).waitFor();
    await page.getByText("No team profile yet").waitFor();

    await page.getByLabel("RFC 2350 text").fill(thales);
    await page.getByRole("button", { name: "Import (replaces the profile)" }).click();
    await page.getByText("Imported: document version 3.0.").waitFor();
    assert.equal(await page.getByLabel("Team name").inputValue(), "Thales CERT");
    assert.equal(await page.getByLabel("Monday", { exact: true }).inputValue(), "09:00-18:00");
    assert.equal(await page.getByLabel("Saturday", { exact: true }).inputValue(), "");
    await page.getByText(/CERT.*Matches the stored team key/).waitFor();

    // A malformed day is refused in the page, before anything is sent.
    await page.getByLabel("Saturday", { exact: true }).fill("10h to noon");
    await page.getByRole("button", { name: "Save the profile" }).click();
    await page.getByText("Saturday: write the hours as HH:MM-HH:MM").waitFor();

    // Someone else imports meanwhile: the save is refused and nothing is overwritten.
    await vigil.api(admin, "POST", "/api/profile/import", { text: thales });
    await page.getByLabel("Saturday", { exact: true }).fill("10:00-12:00");
    await page.getByRole("button", { name: "Save the profile" }).click();
    await page.getByText("Someone else changed the profile meanwhile (now revision 2)").waitFor();
    await page.getByRole("button", { name: "Reload" }).click();
    await page.getByText("Someone else changed the profile meanwhile").waitFor({ state: "hidden" });
    assert.equal(await page.getByLabel("Saturday", { exact: true }).inputValue(), "");

    await page.getByLabel("Saturday", { exact: true }).fill("10:00-12:00");
    await page.getByRole("button", { name: "Save the profile" }).click();
    await page.getByText("Saved: document version 3.1.").waitFor();
    const preview = page.getByTestId("profile-preview");
    await preview.getByText(/Saturday 10:00–12:00/).waitFor();
    // The rendered document is shown as text: no element inside the preview.
    assert.equal(await preview.locator("*").count(), 0);
    await screenshot(page, "profile");

    const published = await fetch(`${vigil.url}/rfc2350.txt`);
    assert.equal(published.status, 200);
    const text = await published.text();
    assert.match(text, /^-----BEGIN PGP SIGNED MESSAGE-----/);
    assert.match(text, /Operating hours: Monday–Friday 09:00–18:00; Saturday 10:00–12:00 \(/);
    // The browser logs two expected failures: GET /api/profile before the import
    // (PROFILE_NOT_FOUND, 404) and the refused save (409).
    assert.deepEqual(notFound, ["/api/profile"]);
    const problems = browser.problems.filter((p) => !/status of (404|409)/.test(p));
    assert.deepEqual(problems, [], "no script error and no CSP violation");
  } finally {
    await browser.close();
  }
});
