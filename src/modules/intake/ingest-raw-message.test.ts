import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq } from "drizzle-orm";
import {
  createIntakeKit,
  type IntakeKit,
  PSIRT_ADDRESS,
  plainMessage,
} from "../../../test/support/intake.ts";
import { queryRows, sql } from "../../platform/db/client.ts";
import { reports } from "../reports/reports.tables.ts";
import { inboundAttachments, inboundMessages } from "./intake.tables.ts";

let kit: IntakeKit;
before(async () => {
  kit = await createIntakeKit();
});
after(() => kit?.close());

async function messageOf(id: string) {
  const [row] = await kit.t.db.select().from(inboundMessages).where(eq(inboundMessages.id, id));
  assert.ok(row);
  return row;
}

describe("ingestRawMessage: parsing", () => {
  test("a plain message becomes an e-mail report with reporter, summary, markings and urgency", async () => {
    const result = await kit.ingest(
      plainMessage({
        subject: "[URGENT] Phishing wave TLP:AMBER",
        body: "We see phishing from evil.example.\r\nPAP:RED please.",
      }),
    );
    assert.equal(result.status, "accepted");
    assert.ok(result.reportId);
    const [report] = await kit.t.db.select().from(reports).where(eq(reports.id, result.reportId));
    assert.equal(report?.channel, "email");
    assert.equal(report?.reporterEmail, "reporter@example.net");
    assert.equal(report?.reporterName, "Rita Reporter");
    assert.equal(report?.tlp, "AMBER");
    assert.equal(report?.pap, "RED");
    assert.equal(report?.urgent, true);
    assert.match(report?.summary ?? "", /phishing from evil\.example/);
    assert.equal(report?.sourceRef, `/api/intake/messages/${result.messageId}/raw`);
    const row = await messageOf(result.messageId);
    assert.equal(row.status, "processed");
    assert.equal(row.signature, "none");
    assert.equal(row.ackStatus, "queued");
  });

  test("RFC 2047 subjects, quoted-printable ISO-8859-1 and base64 UTF-8 bodies are decoded", async () => {
    const latin = await kit.ingest(
      plainMessage({
        subject: "=?ISO-8859-1?Q?Incident_d=E9tect=E9_=E0_Paris?=",
        extra: [
          "Content-Type: text/plain; charset=iso-8859-1",
          "Content-Transfer-Encoding: quoted-printable",
        ],
        body: "Bonjour, un incident a =E9t=E9 d=E9tect=E9.",
      }),
    );
    const row = await messageOf(latin.messageId);
    assert.equal(row.subject, "Incident détecté à Paris");
    assert.equal(row.bodyText.trim(), "Bonjour, un incident a été détecté.");
    const utf8 = await kit.ingest(
      plainMessage({
        subject: "=?UTF-8?B?0J/RgNC40LLQtdGCIOKckw==?=",
        extra: ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"],
        body: Buffer.from("Привет, мир ✓ 日本語").toString("base64"),
      }),
    );
    const u = await messageOf(utf8.messageId);
    assert.equal(u.subject, "Привет ✓");
    assert.equal(u.bodyText.trim(), "Привет, мир ✓ 日本語");
  });

  test("HTML is kept raw and sanitised; attachments and forwarded messages are stored as blobs", async () => {
    const forwarded = [
      "From: Fake Bank <security@bank.example>",
      "To: victim@example.net",
      "Subject: Verify your account",
      "Received: from evil.example (evil.example [203.0.113.9])",
      "",
      "Click http://evil.example/login",
    ].join("\r\n");
    const raw = plainMessage({
      subject: "Fwd: phishing",
      extra: ['Content-Type: multipart/mixed; boundary="b1"'],
      body: [
        "--b1",
        'Content-Type: multipart/alternative; boundary="b2"',
        "",
        "--b2",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "See the forwarded mail.",
        "--b2",
        "Content-Type: text/html; charset=utf-8",
        "",
        '<p onclick="x()">See <b>the</b> mail<script>alert(1)</script><a href="javascript:alert(1)">x</a><img src="http://t.example/p.gif"></p>',
        "--b2--",
        "--b1",
        'Content-Type: application/octet-stream; name="log.txt"',
        'Content-Disposition: attachment; filename="log.txt"',
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.from("line one\nline two\n").toString("base64"),
        "--b1",
        "Content-Type: message/rfc822",
        "",
        forwarded,
        "--b1--",
      ].join("\r\n"),
    });
    const result = await kit.ingest(raw);
    const row = await messageOf(result.messageId);
    assert.equal(row.bodyText.trim(), "See the forwarded mail.");
    assert.match(row.bodyHtmlRaw ?? "", /<script>/);
    assert.doesNotMatch(row.bodyHtml ?? "", /script|onclick|javascript:|<img/);
    assert.match(row.bodyHtml ?? "", /<b>the<\/b>/);
    const attachments = await kit.t.db
      .select()
      .from(inboundAttachments)
      .where(eq(inboundAttachments.inboundMessageId, result.messageId))
      .orderBy(inboundAttachments.position);
    assert.equal(attachments.length, 2);
    assert.equal(attachments[0]?.filename, "log.txt");
    assert.equal(attachments[0]?.size, 18);
    assert.match(attachments[0]?.sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.equal(attachments[1]?.contentType, "message/rfc822");
    const headers = attachments[1]?.forwardedHeaders as Record<string, string>;
    assert.equal(headers.subject, "Verify your account");
    assert.match(headers.received ?? "", /203\.0\.113\.9/);
  });

  test("the same Message-ID and bytes is a duplicate, not a second report", async () => {
    const raw = plainMessage({ subject: "Twice", messageId: "dup-1@example.net" });
    const first = await kit.ingest(raw);
    const second = await kit.ingest(raw);
    assert.equal(second.status, "duplicate");
    assert.equal(second.messageId, first.messageId);
    assert.equal(second.reportId, first.reportId);
    const different = await kit.ingest(`${raw}P.S.\r\n`);
    assert.equal(different.status, "accepted", "same Message-ID, other bytes: a new message");
  });

  test("mail to a PSIRT address also opens a vulnerability case from the report", async () => {
    const result = await kit.ingest(plainMessage({ subject: "XSS in product" }), {
      to: PSIRT_ADDRESS,
    });
    const rows = await queryRows<{ title: string; reporter_email: string }>(
      kit.t.db,
      sql`SELECT title, reporter_email FROM psirt_cases WHERE source_report_id = ${result.reportId}`,
    );
    assert.deepEqual(rows, [{ title: "XSS in product", reporter_email: "reporter@example.net" }]);
  });
});
