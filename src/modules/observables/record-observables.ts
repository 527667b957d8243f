import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import type { Actor } from "../identity/actor.ts";
import { extractObservables } from "./extract-observables.ts";
import type { VisibleCase } from "./load-visible-case.ts";
import { observableSightings, observables } from "./observables.tables.ts";
import { addressOf, type ExtractedObservable } from "./observables-rules.ts";

const BATCH = 500;

export interface RecordedObservable {
  id: string;
  type: string;
  value: string;
  tlp: string;
  inserted: boolean;
}

/**
 * Upserts observables on a case inside the caller's transaction: new ones are
 * inserted with the case's TLP (unless given), known ones get `last_seen`
 * moved on, and every one gets a sighting. Does not write timeline events.
 */
export async function upsertObservables(
  tx: Db,
  actor: Actor,
  input: {
    case: Pick<VisibleCase, "kind" | "id" | "tenantId" | "tlp">;
    items: ExtractedObservable[];
    source: "extracted" | "manual" | "import";
    origin: string;
    tlp?: string | undefined;
  },
): Promise<RecordedObservable[]> {
  const out: RecordedObservable[] = [];
  const onReport = input.case.kind === "report";
  const now = new Date();
  for (let i = 0; i < input.items.length; i += BATCH) {
    const rows = input.items.slice(i, i + BATCH).map((o) => ({
      tenantId: input.case.tenantId,
      reportId: onReport ? input.case.id : null,
      incidentId: onReport ? null : input.case.id,
      type: o.type,
      value: o.value,
      addr: addressOf(o.type, o.value),
      tlp: input.tlp ?? input.case.tlp,
      source: input.source,
      firstSeen: now,
      lastSeen: now,
      createdBy: actor.userId,
    }));
    const recorded = await tx
      .insert(observables)
      .values(rows)
      .onConflictDoUpdate({
        target: onReport
          ? [observables.reportId, observables.type, observables.value]
          : [observables.incidentId, observables.type, observables.value],
        targetWhere: onReport ? sql`report_id IS NOT NULL` : sql`incident_id IS NOT NULL`,
        set: { lastSeen: now },
      })
      .returning({
        id: observables.id,
        type: observables.type,
        value: observables.value,
        tlp: observables.tlp,
        inserted: sql<boolean>`(xmax = 0)`,
      });
    await tx.insert(observableSightings).values(
      recorded.map((r) => ({
        observableId: r.id,
        seenAt: now,
        origin: input.origin,
        actorLabel: actor.label,
      })),
    );
    out.push(...recorded);
  }
  return out;
}

/**
 * Extracts the observables of some texts and records them on a case; returns
 * how many were new and how many were seen again. The intake calls this for
 * mail bodies, headers and text attachments (origin `mail.body` …).
 */
export async function recordExtractedObservables(
  tx: Db,
  actor: Actor,
  input: {
    case: Pick<VisibleCase, "kind" | "id" | "tenantId" | "tlp">;
    texts: string[];
    origin: string;
  },
): Promise<{ added: number; seenAgain: number }> {
  const items = extractObservables(input.texts.join("\n"));
  if (items.length === 0) return { added: 0, seenAgain: 0 };
  const recorded = await upsertObservables(tx, actor, {
    case: input.case,
    items,
    source: "extracted",
    origin: input.origin,
  });
  const added = recorded.filter((r) => r.inserted).length;
  return { added, seenAgain: recorded.length - added };
}
