import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  type AuditRecord,
  chainHash,
  checkAuditRow,
  GENESIS_HASH,
  type StoredAuditRow,
  serialiseAuditRecord,
} from "./audit-chain.ts";

const ACTOR_ID = "7b0c1f3e-2a4d-4c8e-9f1a-0b2c3d4e5f60";
const TENANT_ID = "0f9e8d7c-6b5a-4a39-8281-706f5e4d3c2b";

/** A stored row exactly as appendAuditRecord would write it. */
function storedRow(over: Partial<AuditRecord> = {}, prevHash = GENESIS_HASH): StoredAuditRow {
  const record: AuditRecord = {
    seq: 1,
    at: "2025-03-01T10:00:00.123Z",
    actorId: ACTOR_ID,
    actorLabel: "user:ada@example.org",
    action: "incident.created",
    entityType: "incident",
    entityId: "c0ffee00-0000-4000-8000-000000000001",
    tenantId: TENANT_ID,
    data: { title: "Phishing wave", severity: "high" },
    ...over,
  };
  const text = serialiseAuditRecord(record);
  const { data: _data, ...columns } = record;
  return { ...columns, record: text, prevHash, hash: chainHash(prevHash, text) };
}

describe("checkAuditRow", () => {
  test("accepts an untouched first row and a correctly linked second row", () => {
    const first = storedRow();
    assert.equal(checkAuditRow(first, 1, GENESIS_HASH), null);
    const second = storedRow({ seq: 2, actorId: null, tenantId: null }, first.hash);
    assert.equal(checkAuditRow(second, 2, first.hash), null);
  });

  test("accepts a timestamp column written in another ISO form for the same instant", () => {
    const row = storedRow();
    assert.equal(
      checkAuditRow({ ...row, at: "2025-03-01T11:00:00.123+01:00" }, 1, GENESIS_HASH),
      null,
    );
  });

  test("names a sequence gap when records were deleted", () => {
    const row = storedRow({ seq: 5 });
    assert.match(
      checkAuditRow(row, 4, GENESIS_HASH) ?? "",
      /sequence gap: expected record 4, found 5/,
    );
  });

  test("refuses a row whose previous-hash link does not match the prior record", () => {
    const row = storedRow();
    assert.match(checkAuditRow(row, 1, "f".repeat(64)) ?? "", /previous-hash link/);
  });

  test("refuses a row whose record text was edited", () => {
    const row = storedRow();
    const edited = { ...row, record: row.record.replace("Phishing wave", "Nothing happened") };
    assert.match(checkAuditRow(edited, 1, GENESIS_HASH) ?? "", /hash does not match/);
  });

  test("refuses a row whose hash was replaced", () => {
    const row = storedRow();
    assert.match(
      checkAuditRow({ ...row, hash: "a".repeat(64) }, 1, GENESIS_HASH) ?? "",
      /hash does not match/,
    );
  });

  test("refuses a re-hashed record that is not JSON", () => {
    const text = "{not json";
    const row = { ...storedRow(), record: text, hash: chainHash(GENESIS_HASH, text) };
    assert.equal(checkAuditRow(row, 1, GENESIS_HASH), "record is not valid JSON");
  });

  const columnEdits: [keyof StoredAuditRow, unknown][] = [
    ["actorId", null],
    ["actorLabel", "user:mallory@example.org"],
    ["action", "incident.deleted"],
    ["entityType", "report"],
    ["entityId", "c0ffee00-0000-4000-8000-000000000002"],
    ["tenantId", null],
  ];
  for (const [column, value] of columnEdits) {
    test(`refuses a row whose ${column} column differs from the hashed record`, () => {
      const row = { ...storedRow(), [column]: value } as StoredAuditRow;
      assert.equal(
        checkAuditRow(row, 1, GENESIS_HASH),
        `column ${column} differs from the hashed record`,
      );
    });
  }

  test("refuses a row whose seq column differs from the seq inside the record", () => {
    const row = { ...storedRow({ seq: 3 }), seq: 1 };
    assert.equal(checkAuditRow(row, 1, GENESIS_HASH), "column seq differs from the hashed record");
  });

  test("refuses a row whose at column was moved", () => {
    const row = { ...storedRow(), at: "2025-03-01T10:00:00.124Z" };
    assert.equal(checkAuditRow(row, 1, GENESIS_HASH), "column at differs from the hashed record");
  });

  test("checks the link before the content, so a re-hashed edit is caught at the next row", () => {
    const first = storedRow();
    const second = storedRow({ seq: 2 }, first.hash);
    const forgedText = first.record.replace("Phishing wave", "Nothing happened");
    const forgedFirst = { ...first, record: forgedText, hash: chainHash(GENESIS_HASH, forgedText) };
    assert.equal(checkAuditRow(forgedFirst, 1, GENESIS_HASH), null);
    assert.match(checkAuditRow(second, 2, forgedFirst.hash) ?? "", /previous-hash link/);
  });
});
