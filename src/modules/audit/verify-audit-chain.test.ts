import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { asc, desc, eq } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "../../../test/support/test-database.ts";
import { type Db, sql } from "../../platform/db/client.ts";
import { type Actor, localOperator } from "../identity/actor.ts";
import { createIncident } from "../incidents/create-incident.ts";
import { createReport } from "../reports/create-report.ts";
import { createTenant } from "../tenants/create-tenant.ts";
import { auditLog } from "./audit.tables.ts";
import { chainHash, serialiseAuditRecord } from "./audit-chain.ts";
import { verifyAuditChain } from "./verify-audit-chain.ts";

let testDb: TestDatabase;
let db: Db;

const auditor: Actor = {
  userId: null,
  label: "test-auditor",
  role: "auditor",
  tenantId: null,
  scopes: null,
};

before(async () => {
  testDb = await createTestDatabase();
  db = testDb.database.db;
  await createTenant(db, { actor: localOperator, slug: "acme", name: "ACME" });
  for (let i = 1; i <= 4; i++) {
    await createIncident(db, { actor: localOperator, title: `Incident ${i}`, tenant: "acme" });
    await createReport(db, { actor: localOperator, channel: "api", subject: `Report ${i}` });
  }
});

after(async () => {
  await testDb?.cleanup();
});

async function auditRow(seq: number): Promise<typeof auditLog.$inferSelect> {
  const [row] = await db.select().from(auditLog).where(eq(auditLog.seq, seq));
  assert.ok(row, `audit record ${seq} exists`);
  return row;
}

async function seqs(): Promise<number[]> {
  const rows = await db.select({ seq: auditLog.seq }).from(auditLog).orderBy(asc(auditLog.seq));
  return rows.map((r) => r.seq);
}

/**
 * Tampers as a database superuser would (the append-only trigger switched off),
 * checks what verification says, then puts the original rows back.
 */
async function tamper(seqsTouched: number[], edit: () => Promise<void>): Promise<unknown> {
  const originals = await Promise.all(seqsTouched.map(auditRow));
  await db.execute(sql`ALTER TABLE audit_log DISABLE TRIGGER USER`);
  try {
    await edit();
    return await verifyAuditChain(db, auditor);
  } finally {
    for (const original of originals) {
      await db.delete(auditLog).where(eq(auditLog.seq, original.seq));
      await db.insert(auditLog).values(original);
    }
    await db.execute(sql`ALTER TABLE audit_log ENABLE TRIGGER USER`);
  }
}

describe("verifyAuditChain", () => {
  test("an untouched chain verifies and reports its head", async () => {
    const all = await seqs();
    assert.ok(all.length >= 9, "tenant, incidents and reports were audited");
    const [head] = await db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    const result = await verifyAuditChain(db, auditor);
    assert.deepEqual(result, {
      ok: true,
      checked: all.length,
      lastSeq: all.length,
      lastHash: head?.hash,
      firstBroken: null,
    });
  });

  test("only audit readers may verify", async () => {
    const handler: Actor = { ...auditor, role: "handler" };
    await assert.rejects(verifyAuditChain(db, handler), { code: "FORBIDDEN" });
  });

  test("the append-only trigger refuses UPDATE, DELETE and TRUNCATE", async () => {
    /** Drizzle wraps the driver error; the trigger's message is its cause. */
    const refused = (operation: string) => (err: unknown) => {
      const cause = (err as { cause?: { message?: string } }).cause;
      assert.equal(cause?.message, `audit_log is append-only (${operation} refused)`);
      return true;
    };
    await assert.rejects(
      db.execute(sql`UPDATE audit_log SET action = 'nothing' WHERE seq = 2`),
      refused("UPDATE"),
    );
    await assert.rejects(db.execute(sql`DELETE FROM audit_log WHERE seq = 2`), refused("DELETE"));
    await assert.rejects(db.execute(sql`TRUNCATE audit_log`), refused("TRUNCATE"));
    assert.equal((await verifyAuditChain(db, auditor)).ok, true);
  });

  test("an edited column is detected and the first edited record is named", async () => {
    const result = await tamper([3, 6], async () => {
      await db.execute(
        sql`UPDATE audit_log SET actor_label = 'user:mallory@example.org' WHERE seq IN (3, 6)`,
      );
    });
    assert.deepEqual(result, {
      ok: false,
      checked: 2,
      lastSeq: 2,
      lastHash: (await auditRow(2)).hash,
      firstBroken: { seq: 3, reason: "column actorLabel differs from the hashed record" },
    });
    assert.equal((await verifyAuditChain(db, auditor)).ok, true, "restored");
  });

  test("an edited timestamp is detected", async () => {
    const result = await tamper([4], async () => {
      await db.execute(sql`UPDATE audit_log SET at = at - interval '1 hour' WHERE seq = 4`);
    });
    assert.deepEqual((result as { firstBroken: unknown }).firstBroken, {
      seq: 4,
      reason: "column at differs from the hashed record",
    });
  });

  test("edited record text is detected at the edited record", async () => {
    const before = await auditRow(5);
    assert.match(before.record, /Report 2/);
    const result = await tamper([5, 7], async () => {
      await db.execute(
        sql`UPDATE audit_log SET record = replace(record, 'Report', 'Non-event') WHERE seq IN (5, 7)`,
      );
    });
    assert.deepEqual((result as { firstBroken: unknown }).firstBroken, {
      seq: 5,
      reason: "hash does not match record content",
    });
  });

  test("an edit re-hashed by the tamperer breaks the link of the next record", async () => {
    const original = await auditRow(5);
    const parsed = JSON.parse(original.record) as Parameters<typeof serialiseAuditRecord>[0];
    const forged = serialiseAuditRecord({ ...parsed, data: { title: "Non-event" } });
    const forgedHash = chainHash(original.prevHash, forged);
    const result = await tamper([5], async () => {
      await db.execute(
        sql`UPDATE audit_log SET record = ${forged}, hash = ${forgedHash} WHERE seq = 5`,
      );
    });
    assert.deepEqual((result as { firstBroken: unknown }).firstBroken, {
      seq: 6,
      reason: "previous-hash link does not match the prior record",
    });
  });

  test("a deleted middle record is detected as a gap at the record after it", async () => {
    const result = await tamper([4], async () => {
      await db.execute(sql`DELETE FROM audit_log WHERE seq = 4`);
    });
    assert.deepEqual(result, {
      ok: false,
      checked: 3,
      lastSeq: 3,
      lastHash: (await auditRow(3)).hash,
      firstBroken: {
        seq: 5,
        reason: "sequence gap: expected record 4, found 5 (records deleted?)",
      },
    });
    assert.equal((await verifyAuditChain(db, auditor)).ok, true, "restored");
  });

  test("concurrent mutations keep one unbroken, gapless chain", async () => {
    const countBefore = (await seqs()).length;
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        i % 2 === 0
          ? createIncident(db, { actor: localOperator, title: `Concurrent incident ${i}` })
          : createReport(db, { actor: localOperator, channel: "api", subject: `Concurrent ${i}` }),
      ),
    );
    const all = await seqs();
    assert.equal(all.length, countBefore + 20);
    assert.deepEqual(
      all,
      all.map((_, i) => i + 1),
      "seq is gapless",
    );
    const result = await verifyAuditChain(db, auditor);
    assert.equal(result.ok, true, JSON.stringify(result.firstBroken));
    assert.equal(result.checked, all.length);
  });

  test("a chain longer than one read batch verifies, and tampering after the batch is found", async () => {
    const [head] = await db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    assert.ok(head);
    let prevHash = head.hash;
    const rows: (typeof auditLog.$inferInsert)[] = [];
    for (let seq = head.seq + 1; seq <= 2100; seq++) {
      const at = new Date();
      const record = serialiseAuditRecord({
        seq,
        at: at.toISOString(),
        actorId: null,
        actorLabel: "system",
        action: "test.filler",
        entityType: "test",
        entityId: String(seq),
        tenantId: null,
        data: null,
      });
      const hash = chainHash(prevHash, record);
      rows.push({
        seq,
        at,
        actorId: null,
        actorLabel: "system",
        action: "test.filler",
        entityType: "test",
        entityId: String(seq),
        tenantId: null,
        record,
        prevHash,
        hash,
      });
      prevHash = hash;
    }
    for (let i = 0; i < rows.length; i += 500) {
      await db.insert(auditLog).values(rows.slice(i, i + 500));
    }
    const result = await verifyAuditChain(db, auditor);
    assert.deepEqual(result, {
      ok: true,
      checked: 2100,
      lastSeq: 2100,
      lastHash: prevHash,
      firstBroken: null,
    });
    const broken = await tamper([2050], async () => {
      await db.execute(sql`UPDATE audit_log SET entity_id = 'x' WHERE seq = 2050`);
    });
    assert.deepEqual((broken as { firstBroken: unknown }).firstBroken, {
      seq: 2050,
      reason: "column entityId differs from the hashed record",
    });
  });
});
