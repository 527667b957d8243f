import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { eq, sql } from "drizzle-orm";
import { ImapFlow } from "imapflow";
import {
  type Dovecot,
  dovecotUnavailable,
  startDovecot,
} from "../../../../test/support/dovecot.ts";
import {
  createIntakeKit,
  type IntakeKit,
  plainMessage,
  TEAM_ADDRESS,
} from "../../../../test/support/intake.ts";
import type { TestUser } from "../../../../test/support/test-app.ts";
import { queryRows } from "../../../platform/db/client.ts";
import { sealerFromSecret } from "../../../platform/sealing/sealed-secret.ts";
import { ingestRawMessage } from "../ingest-raw-message.ts";
import { inboundMessages } from "../intake.tables.ts";
import { intakeMailboxes } from "./imap.tables.ts";
import { createImapPoller } from "./imap-poller.ts";
import { MAILBOX_PASSWORD_SEALING } from "./imap-rules.ts";
import type { PollDeps } from "./poll-mailbox.ts";

const unavailable = dovecotUnavailable();
if (unavailable) process.stderr.write(`# IMAP tests skipped: ${unavailable}\n`);

let kit: IntakeKit;
let dovecot: Dovecot;
let imap: ImapFlow;
let admin: TestUser;
let handler: TestUser;

before(async () => {
  if (unavailable) return;
  kit = await createIntakeKit();
  dovecot = await startDovecot();
  imap = new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    doSTARTTLS: false,
    auth: { user: dovecot.user, pass: dovecot.password },
    logger: false,
  });
  await imap.connect();
  admin = await kit.t.user("admin");
  handler = await kit.t.user("handler");
});
after(async () => {
  await imap?.logout().catch(() => undefined);
  await dovecot?.stop();
  await kit?.close();
});

/** The poller as the `imap` role builds it, processing at once so reports can be checked. */
function pollerDeps(checkpoint?: PollDeps["checkpoint"]): PollDeps {
  return {
    db: kit.t.db,
    sealer: sealerFromSecret(process.env.VIGIL_SECRET_KEY as string, MAILBOX_PASSWORD_SEALING),
    ingest: (input) => ingestRawMessage(kit.deps, input, { processNow: true }),
    checkpoint,
  };
}

async function pollNow(checkpoint?: PollDeps["checkpoint"]) {
  // Due now, whatever the interval or backoff says.
  await kit.t.db.update(intakeMailboxes).set({ nextPollAt: new Date(0) });
  await createImapPoller(pollerDeps(checkpoint)).pollDue();
}

async function addMailbox(body: Record<string, unknown>) {
  const res = await kit.t.request("POST", "/api/intake/mailboxes", {
    as: admin,
    body: {
      host: dovecot.host,
      port: dovecot.port,
      tlsMode: "none",
      username: dovecot.user,
      password: dovecot.password,
      address: TEAM_ADDRESS,
      ...body,
    },
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
}

async function mailboxStatus(name: string) {
  const res = await kit.t.request("GET", "/api/intake/mailboxes", { as: handler });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().mailboxes.find((m: { name: string }) => m.name === name);
}

async function imapCount(folder: string, query: Record<string, unknown> = { all: true }) {
  const lock = await imap.getMailboxLock(folder);
  try {
    // Another session (the poller) changed flags: let the server tell this one.
    await imap.noop();
    return ((await imap.search(query, { uid: true })) || []).length;
  } finally {
    lock.release();
  }
}

async function imapMessagesByMessageId(messageId: string) {
  return queryRows<{ n: number; reports: number }>(
    kit.t.db,
    sql`SELECT count(*)::int AS n, count(report_id)::int AS reports FROM inbound_messages WHERE message_id = ${messageId}`,
  );
}

describe("IMAP polling against a real dovecot", { skip: unavailable ?? false }, () => {
  test("the API adds a mailbox with its password sealed, never shown", async () => {
    const view = await addMailbox({ name: "inbox", pollIntervalSeconds: 30 });
    assert.equal(view.status.state, "never-polled");
    assert.ok(!JSON.stringify(view).includes(dovecot.password));
    const [row] = await kit.t.db
      .select()
      .from(intakeMailboxes)
      .where(eq(intakeMailboxes.id, view.id));
    assert.match(row?.sealedPassword ?? "", /^v1\./);
    assert.ok(!row?.sealedPassword.includes(dovecot.password));
  });

  test("messages become reports, then are flagged; a second poll changes nothing", async () => {
    const ids = ["imap-1@example.net", "imap-2@example.net", "imap-3@example.net"];
    for (const id of ids) {
      await imap.append("INBOX", plainMessage({ subject: `Phishing ${id}`, messageId: id }));
    }
    await pollNow();
    for (const id of ids)
      assert.deepEqual(await imapMessagesByMessageId(id), [{ n: 1, reports: 1 }]);
    const [one] = await kit.t.db
      .select()
      .from(inboundMessages)
      .where(eq(inboundMessages.messageId, ids[0] as string));
    assert.equal(one?.sourceKind, "imap");
    assert.equal(one?.sourceMailbox, "inbox");
    assert.equal(one?.envelopeFrom, "reporter@example.net");
    assert.equal(await imapCount("INBOX", { unKeyword: "$VigilIngested" }), 0);
    assert.equal(await imapCount("INBOX", { keyword: "$VigilIngested" }), 3);

    const status = await mailboxStatus("inbox");
    assert.equal(status.status.state, "ok");
    assert.equal(status.status.messagesIngested, 3);
    assert.equal(status.status.lastError, null);
    assert.ok(status.status.uidValidity > 0);
    assert.ok(
      Date.parse(status.status.nextPollAt) > Date.now() + 20_000,
      "next poll after the interval",
    );

    await pollNow();
    for (const id of ids)
      assert.deepEqual(await imapMessagesByMessageId(id), [{ n: 1, reports: 1 }]);
    assert.equal((await mailboxStatus("inbox")).status.messagesIngested, 3);
  });

  test("a poller stopped between commit and flag loses nothing and doubles nothing", async () => {
    await imap.append(
      "INBOX",
      plainMessage({ subject: "Crash after ingest", messageId: "crash-1@example.net" }),
    );
    await imap.append(
      "INBOX",
      plainMessage({ subject: "Crash after record", messageId: "crash-2@example.net" }),
    );
    // Stopped right after ingestRawMessage returned: before the ledger and the flag.
    await pollNow((step) => {
      if (step === "ingested") throw new Error("killed after ingest");
    });
    assert.deepEqual(await imapMessagesByMessageId("crash-1@example.net"), [{ n: 1, reports: 1 }]);
    assert.equal(await imapCount("INBOX", { unKeyword: "$VigilIngested" }), 2, "nothing flagged");
    const failing = await mailboxStatus("inbox");
    assert.equal(failing.status.state, "failing");
    assert.match(failing.status.lastError, /killed after ingest/);
    assert.equal(failing.status.consecutiveFailures, 1);
    assert.ok(Date.parse(failing.status.nextPollAt) > Date.now(), "backs off");

    // Stopped after the ledger write, before the flag (for the second message).
    await pollNow((step, uid) => {
      if (step === "recorded" && uid > 0) {
        return imapMessagesByMessageId("crash-2@example.net").then(([r]) => {
          if (r?.n === 1) throw new Error("killed before flag");
        });
      }
    });
    // A clean poll finishes the job.
    await pollNow();
    for (const id of ["crash-1@example.net", "crash-2@example.net"]) {
      assert.deepEqual(await imapMessagesByMessageId(id), [{ n: 1, reports: 1 }], id);
    }
    assert.equal(await imapCount("INBOX", { unKeyword: "$VigilIngested" }), 0);
    const healed = await mailboxStatus("inbox");
    assert.equal(healed.status.state, "ok");
    assert.equal(healed.status.consecutiveFailures, 0);
    assert.equal(healed.status.messagesIngested, 5);
  });

  test("move mode moves processed mail; a new UIDVALIDITY re-reads it as duplicates", async () => {
    await imap.mailboxCreate("Reports");
    await addMailbox({
      name: "moved",
      folder: "Reports",
      processedAction: "move",
      processedFolder: "Reports/Done",
    });
    const raw = plainMessage({ subject: "Moved report", messageId: "moved-1@example.net" });
    await imap.append("Reports", raw);
    await pollNow();
    assert.deepEqual(await imapMessagesByMessageId("moved-1@example.net"), [{ n: 1, reports: 1 }]);
    assert.equal(await imapCount("Reports"), 0);
    assert.equal(await imapCount("Reports/Done"), 1);
    const before = (await mailboxStatus("moved")).status.uidValidity;

    // The folder is recreated (new UIDVALIDITY) and the same message appears again.
    await imap.mailboxDelete("Reports");
    await imap.mailboxCreate("Reports");
    await imap.append("Reports", raw);
    await pollNow();
    const after = await mailboxStatus("moved");
    assert.notEqual(after.status.uidValidity, before);
    assert.equal(after.status.state, "ok");
    assert.deepEqual(await imapMessagesByMessageId("moved-1@example.net"), [{ n: 1, reports: 1 }]);
    assert.equal(await imapCount("Reports"), 0);
  });

  test("connection and login errors are retried with backoff and shown in the status", async () => {
    await addMailbox({ name: "wrong-password", password: "not-the-password", folder: "Nowhere" });
    await addMailbox({ name: "closed-port", port: 1, folder: "Nowhere" });
    await pollNow();
    const denied = await mailboxStatus("wrong-password");
    assert.equal(denied.status.state, "failing");
    assert.match(denied.status.lastError, /Authentication failed/);
    const refused = await mailboxStatus("closed-port");
    assert.match(refused.status.lastError, /ECONNREFUSED/);
    await pollNow();
    assert.equal((await mailboxStatus("closed-port")).status.consecutiveFailures, 2);
    // The working mailbox is unaffected.
    assert.equal((await mailboxStatus("inbox")).status.state, "ok");
  });
});

describe("mailbox API", { skip: unavailable ?? false }, () => {
  const body = {
    name: "api-box",
    host: "imap.example.org",
    username: "reports@example.org",
    password: "secret",
    address: "cert@example.org",
  };

  test("401, 400, 403, 201, 409 on add; 403 and 404 on remove; the audit log records both", async () => {
    const add = (as: TestUser | undefined, b: unknown) =>
      kit.t.request("POST", "/api/intake/mailboxes", { ...(as ? { as } : {}), body: b });
    assert.equal((await add(undefined, body)).statusCode, 401);
    assert.equal(
      (await add(admin, { ...body, tlsMode: "plain" })).json().error.code,
      "VALIDATION_FAILED",
    );
    assert.equal(
      (await add(admin, { ...body, processedAction: "move" })).json().error.code,
      "VALIDATION_FAILED",
    );
    assert.equal((await add(handler, body)).json().error.code, "FORBIDDEN");
    const created = await add(admin, body);
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().port, 993);
    assert.equal((await add(admin, body)).json().error.code, "MAILBOX_NAME_TAKEN");
    assert.equal((await kit.t.request("GET", "/api/intake/mailboxes")).statusCode, 401);

    const url = `/api/intake/mailboxes/${created.json().id}`;
    assert.equal(
      (await kit.t.request("DELETE", url, { as: handler })).json().error.code,
      "FORBIDDEN",
    );
    assert.equal((await kit.t.request("DELETE", url, { as: admin })).statusCode, 204);
    assert.equal(
      (await kit.t.request("DELETE", url, { as: admin })).json().error.code,
      "MAILBOX_NOT_FOUND",
    );
    assert.equal(
      (await kit.t.request("DELETE", "/api/intake/mailboxes/nope", { as: admin })).json().error
        .code,
      "VALIDATION_FAILED",
    );
    const actions = await queryRows<{ action: string }>(
      kit.t.db,
      sql`SELECT action FROM audit_log WHERE entity_id = ${created.json().id} ORDER BY seq`,
    );
    assert.deepEqual(
      actions.map((a) => a.action),
      ["intake_mailbox.added", "intake_mailbox.removed"],
    );
  });
});
