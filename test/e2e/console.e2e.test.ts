import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  browserSkipReason,
  logIn,
  openBrowser,
  screenshot,
  startVigil,
  type VigilUnderTest,
} from "./support/vigil-browser.ts";

const skip = browserSkipReason();
if (skip) process.stdout.write(`# SKIP browser journeys: ${skip}\n`);

let vigil: VigilUnderTest;
before(async () => {
  if (!skip) vigil = await startVigil();
});
after(async () => {
  await vigil?.stop();
});

test("a handler logs in, opens a report, creates an incident and resolves it", {
  skip: skip ?? false,
}, async () => {
  const handler = await vigil.user("handler");
  const report = await vigil.api(handler, "POST", "/api/reports", {
    channel: "email",
    subject: "Phishing wave <script>alert(1)</script>",
    summary: "Users received mails from payroll-update.example.net.\n<img src=x onerror=alert(1)>",
    reporterEmail: "soc@example.org",
    tlp: "amber",
    urgent: true,
  });
  const browser = await openBrowser();
  try {
    const { page } = browser;
    await logIn(page, vigil.url, handler);
    const row = page.getByRole("option", { name: /Phishing wave/ });
    await row.waitFor();
    assert.match((await row.textContent()) ?? "", /TLP:AMBER/);
    await screenshot(page, "queue");

    await row.click();
    await page.getByRole("heading", { name: new RegExp(`Report #${report.ref}`) }).waitFor();
    // User text is rendered as text: the markup shows literally and runs nothing.
    assert.equal(await page.locator("img[src=x]").count(), 0);
    assert.match(
      (await page.getByTestId("report-summary").textContent()) ?? "",
      /<img src=x onerror/,
    );
    await screenshot(page, "report");

    await page.getByRole("button", { name: "Create incident from this report" }).click();
    await page.getByRole("heading", { name: /Incident #\d+: Phishing wave/ }).waitFor();
    for (const step of ["Triage", "In progress", "Resolved"]) {
      await page.getByRole("button", { name: step, exact: true }).click();
      await page.locator(".mantine-Badge-root", { hasText: step }).first().waitFor();
    }
    await page.getByText("Status In progress → Resolved").waitFor();
    const incidents = await vigil.api(handler, "GET", "/api/incidents");
    const [incident] = incidents.items as { status: string; ref: number }[];
    assert.equal(incident?.status, "resolved");
    await page.getByRole("link", { name: new RegExp(`#${report.ref} Phishing wave`) }).waitFor();
    assert.deepEqual(browser.problems, [], "no script error and no CSP violation");
  } finally {
    await browser.close();
  }
});

test("a constituent submits a report in the portal and cannot open another tenant's case", {
  skip: skip ?? false,
}, async () => {
  const acme = await vigil.tenant("acme");
  const globex = await vigil.tenant("globex");
  const constituent = await vigil.user("constituent", acme);
  const other = await vigil.user("constituent", globex);
  const foreign = await vigil.api(other, "POST", "/api/reports", { subject: "Globex secret" });
  const browser = await openBrowser();
  try {
    const { page } = browser;
    await logIn(page, vigil.url, constituent);
    await page.getByRole("heading", { name: "My organisation's reports" }).waitFor();
    await page.getByRole("link", { name: "Report an incident" }).first().click();
    await page.getByLabel("Subject").fill("Ransom note on file server");
    await page.getByLabel("Date and time of the incident").fill("2026-03-02T09:15");
    await page.getByLabel("Summary and context").fill("Files renamed to .locked on FS01.");
    await page.getByLabel("Estimated impact or risk").fill("Finance share unavailable.");
    await page
      .getByLabel("Source/destination IPs, ports and protocols")
      .fill("10.0.0.5 → 203.0.113.9:443/tcp");
    await page
      .getByLabel("Logs or technical evidence (text)")
      .fill("Mar  2 09:14 fs01 smbd: rename");
    await screenshot(page, "portal-form");
    await page.getByRole("button", { name: "Send the report" }).click();
    const sent = page.getByRole("link", { name: /Report #\d+ sent/ });
    await sent.waitFor();
    await sent.click();
    await page.getByRole("heading", { name: /Ransom note on file server/ }).waitFor();
    const body = (await page.locator("main").textContent()) ?? "";
    assert.match(body, /## Estimated impact\nFinance share unavailable\./);
    assert.match(body, /203\.0\.113\.9:443\/tcp/);

    // Another tenant's case, by URL: the same answer as a case that does not exist.
    await page.goto(`${vigil.url}/portal/reports/${foreign.ref}`);
    await page.getByText("This case does not exist or belongs to another organisation.").waitFor();
    assert.equal(await page.getByText("Globex secret").count(), 0);
    // The console is not theirs either.
    await page.goto(`${vigil.url}/reports/${foreign.ref}`);
    await page.getByRole("heading", { name: "My organisation's reports" }).waitFor();
    assert.equal(await page.getByText("Globex secret").count(), 0);
  } finally {
    await browser.close();
  }
});

test("the queue is keyboard operable and stays virtualised with 1,000 items", {
  skip: skip ?? false,
}, async () => {
  const lead = await vigil.user("lead");
  for (let i = 0; i < 1000; i += 100) {
    await Promise.all(
      Array.from({ length: 100 }, (_, j) =>
        vigil.api(lead, "POST", "/api/reports", {
          subject: `Bulk report ${String(i + j).padStart(4, "0")}`,
        }),
      ),
    );
  }
  const browser = await openBrowser();
  try {
    const { page } = browser;
    await logIn(page, vigil.url, lead);
    const list = page.getByRole("listbox", { name: "Queue items" });
    await list.waitFor();
    await page.getByText(/\d{4} items/).waitFor();
    const rendered = await page.getByRole("option").count();
    assert.ok(rendered > 5 && rendered < 100, `only visible rows are in the DOM (${rendered})`);

    await list.focus();
    const selected = async () =>
      (await page.locator('[role="option"][aria-selected="true"]').textContent()) ?? "";
    const first = await selected();
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("k");
    const third = await selected();
    assert.notEqual(third, first);
    await page.keyboard.press("End");
    await page.keyboard.press("k");
    assert.ok((await page.getByRole("option").count()) < 100);
    const target = (await selected()).match(/Report #(\d+)/)?.[1];
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: new RegExp(`Report #${target}`) }).waitFor();

    // "/" focuses the search box; the search narrows the queue on the server.
    await page.goBack();
    await list.waitFor();
    await page.keyboard.press("/");
    await page.keyboard.type("Bulk report 0042");
    await page.getByText("1 items").waitFor();
  } finally {
    await browser.close();
  }
});
