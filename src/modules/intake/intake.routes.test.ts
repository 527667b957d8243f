import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { assertError } from "../../../test/support/http-assertions.ts";
import { createIntakeKit, type IntakeKit, plainMessage } from "../../../test/support/intake.ts";
import type { TestUser } from "../../../test/support/test-app.ts";
import { queryRows, sql } from "../../platform/db/client.ts";
import { localOperator } from "../identity/actor.ts";
import { createIncident } from "../incidents/create-incident.ts";
import { addIntakeAddress } from "./add-intake-address.ts";

let kit: IntakeKit;
let handler: TestUser;
let admin: TestUser;
let outsider: TestUser;
let constituent: TestUser;

before(async () => {
  kit = await createIntakeKit();
  handler = await kit.t.user("handler");
  admin = await kit.t.user("admin");
  const other = await kit.t.tenant("other");
  outsider = await kit.t.user("handler", { tenantId: other });
  constituent = await kit.t.user("constituent", { tenantId: kit.t.defaultTenantId });
});
after(() => kit?.close());

const withAttachment = (subject: string, messageId?: string) =>
  plainMessage({
    subject,
    ...(messageId ? { messageId } : {}),
    extra: ['Content-Type: multipart/mixed; boundary="a"'],
    body: [
      "--a",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Indicators attached.",
      "--a",
      'Content-Type: text/html; name="evil.html"',
      'Content-Disposition: attachment; filename="evil.html"',
      "",
      "<script>alert(1)</script>",
      "--a--",
    ].join("\r\n"),
  });

describe("GET /api/reports/{id}/messages and downloads", () => {
  test("messages carry subject, text, attachments and crypto; raw and attachments download safely", async () => {
    const result = await kit.ingest(withAttachment("Report with file"));
    const res = await kit.t.request("GET", `/api/reports/${result.reportId}/messages`, {
      as: handler,
    });
    assert.equal(res.statusCode, 200, res.body);
    const [message] = res.json().items;
    assert.equal(message.subject, "Report with file");
    assert.equal(message.text.trim(), "Indicators attached.");
    assert.equal(message.urgent, false);
    assert.deepEqual(message.crypto, {
      encrypted: false,
      decrypted: null,
      signature: "none",
      signer: null,
      signerKeyId: null,
      notes: [],
    });
    const [attachment] = message.attachments;
    assert.equal(attachment.filename, "evil.html");
    assert.equal(attachment.size, 25);
    assert.match(attachment.sha256, /^[0-9a-f]{64}$/);

    const raw = await kit.t.request("GET", message.rawUrl, { as: handler });
    assert.equal(raw.statusCode, 200);
    assert.match(raw.headers["content-type"] as string, /^message\/rfc822/);
    assert.match(raw.headers["content-disposition"] as string, /^attachment; filename="message-/);
    assert.match(raw.body, /Subject: Report with file/);

    const file = await kit.t.request("GET", attachment.downloadUrl, { as: handler });
    assert.equal(file.statusCode, 200);
    assert.equal(file.headers["x-content-type-options"], "nosniff");
    assert.match(
      file.headers["content-disposition"] as string,
      /^attachment; filename="evil.html"/,
    );
    assert.equal(file.body, "<script>alert(1)</script>");
  });

  test("401 without credentials; another tenant gets 404 as for a missing report or message", async () => {
    const result = await kit.ingest(withAttachment("Tenant-bound"));
    const messages = `/api/reports/${result.reportId}/messages`;
    assertError(await kit.t.request("GET", messages), 401, "UNAUTHENTICATED");
    assertError(await kit.t.request("GET", messages, { as: outsider }), 404, "REPORT_NOT_FOUND");
    assertError(
      await kit.t.request("GET", "/api/reports/999999/messages", { as: handler }),
      404,
      "REPORT_NOT_FOUND",
    );
    const rawUrl = `/api/intake/messages/${result.messageId}/raw`;
    assertError(
      await kit.t.request("GET", rawUrl, { as: outsider }),
      404,
      "INBOUND_MESSAGE_NOT_FOUND",
    );
    assertError(
      await kit.t.request("GET", "/api/intake/messages/not-a-uuid/raw", { as: handler }),
      404,
      "INBOUND_MESSAGE_NOT_FOUND",
    );
    const [row] = await queryRows<{ id: string }>(
      kit.t.db,
      sql`SELECT id FROM inbound_attachments WHERE inbound_message_id = ${result.messageId}`,
    );
    assertError(
      await kit.t.request("GET", `/api/intake/attachments/${row?.id}`, { as: outsider }),
      404,
      "ATTACHMENT_NOT_FOUND",
    );
  });
});

describe("threading", () => {
  test("a [VIGIL #ref] subject tag or an In-Reply-To files the message on the same report", async () => {
    const first = await kit.ingest(
      plainMessage({ subject: "Scan from 198.51.100.7", messageId: "thread-1@example.net" }),
    );
    const [report] = await queryRows<{ ref: number }>(
      kit.t.db,
      sql`SELECT ref FROM reports WHERE id = ${first.reportId}`,
    );
    const tagged = await kit.ingest(
      plainMessage({ subject: `Re: [VIGIL #${report?.ref}] more logs` }),
    );
    assert.equal(tagged.reportId, first.reportId);
    const replied = await kit.ingest(
      plainMessage({
        subject: "Re: scan",
        extra: ["Content-Type: text/plain", "In-Reply-To: <thread-1@example.net>"],
      }),
    );
    assert.equal(replied.reportId, first.reportId);
    const res = await kit.t.request("GET", `/api/reports/${first.reportId}/messages`, {
      as: handler,
    });
    assert.deepEqual(
      res.json().items.map((m: { threadedBy: string }) => m.threadedBy),
      ["new", "subject-tag", "in-reply-to"],
    );
    const events = await queryRows<{ type: string }>(
      kit.t.db,
      sql`SELECT type FROM timeline_events WHERE report_id = ${first.reportId} AND type = 'intake.message_received'`,
    );
    assert.equal(events.length, 3);
    const acks = await queryRows<{ ack_status: string }>(
      kit.t.db,
      sql`SELECT ack_status FROM inbound_messages WHERE report_id = ${first.reportId} ORDER BY received_at`,
    );
    assert.deepEqual(
      acks.map((a) => a.ack_status),
      ["queued", "skipped", "skipped"],
    );
  });

  test("a tag naming an incident files the message on the incident", async () => {
    const incident = await createIncident(kit.t.db, { actor: localOperator, title: "Ransomware" });
    const result = await kit.ingest(plainMessage({ subject: `[VIGIL #${incident.ref}] new IOC` }));
    assert.equal(result.reportId, undefined);
    const [row] = await queryRows<{ incident_id: string }>(
      kit.t.db,
      sql`SELECT incident_id FROM inbound_messages WHERE id = ${result.messageId}`,
    );
    assert.equal(row?.incident_id, incident.id);
  });
});

describe("quarantine", () => {
  const malformed = () =>
    Buffer.from(
      `From: a@b.example\r\nMessage-ID: <q-${Math.random()}@b.example>\r\nContent-Type: multipart/mixed\r\n\r\nno boundary\r\n`,
    );

  test("malformed mail is listed with its reason, released (processed, audited) or deleted (audited)", async () => {
    const first = await kit.ingest(malformed());
    const second = await kit.ingest(malformed());
    assert.equal(first.status, "quarantined");
    const list = await kit.t.request("GET", "/api/quarantine", { as: handler });
    assert.equal(list.statusCode, 200);
    const item = list.json().items.find((m: { id: string }) => m.id === first.messageId);
    assert.match(item.quarantineReason, /^malformed-mime: multipart\/mixed without boundary/);
    assertError(
      await kit.t.request("GET", "/api/quarantine", { as: constituent }),
      403,
      "FORBIDDEN",
    );
    assert.equal(
      (await kit.t.request("GET", "/api/quarantine", { as: outsider })).json().items.length,
      0,
      "another tenant's handler sees none of it",
    );

    const released = await kit.t.request("POST", `/api/quarantine/${first.messageId}/release`, {
      as: handler,
    });
    assert.equal(released.statusCode, 200, released.body);
    assert.equal(released.json().status, "processed");
    assert.ok(released.json().reportId);
    const deleted = await kit.t.request("DELETE", `/api/quarantine/${second.messageId}`, {
      as: handler,
    });
    assert.equal(deleted.statusCode, 204);
    assertError(
      await kit.t.request("DELETE", `/api/quarantine/${second.messageId}`, { as: handler }),
      404,
      "INBOUND_MESSAGE_NOT_FOUND",
    );
    const audit = await queryRows<{ action: string }>(
      kit.t.db,
      sql`SELECT action FROM audit_log WHERE entity_id IN (${first.messageId}, ${second.messageId}) ORDER BY seq`,
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ["inbound_message.released", "inbound_message.deleted"],
    );
  });
});

describe("intake addresses", () => {
  test("admins add addresses per tenant and purpose; handlers list them; duplicates are refused", async () => {
    const added = await kit.t.request("POST", "/api/intake/addresses", {
      as: admin,
      body: { address: "Abuse@Team.Example", tenant: "other", purpose: "cert", language: "fr" },
    });
    assert.equal(added.statusCode, 201, added.body);
    assert.equal(added.json().address, "abuse@team.example");
    const refused: [TestUser, string, number, string][] = [
      [admin, "abuse@team.example", 409, "INTAKE_ADDRESS_EXISTS"],
      [handler, "x@team.example", 403, "FORBIDDEN"],
      [admin, "not an address", 400, "VALIDATION_FAILED"],
    ];
    for (const [as, address, status, code] of refused) {
      const res = await kit.t.request("POST", "/api/intake/addresses", { as, body: { address } });
      assertError(res, status, code);
    }
    const list = await kit.t.request("GET", "/api/intake/addresses", { as: handler });
    assert.ok(
      list.json().items.some((a: { address: string }) => a.address === "abuse@team.example"),
    );
    const mine = await kit.t.request("GET", "/api/intake/addresses", { as: outsider });
    assert.deepEqual(
      mine.json().items.map((a: { address: string }) => a.address),
      ["abuse@team.example"],
    );
    await assert.rejects(
      addIntakeAddress(kit.t.db, { actor: localOperator, address: "abuse@team.example" }),
      { code: "INTAKE_ADDRESS_EXISTS" },
    );
  });
});
