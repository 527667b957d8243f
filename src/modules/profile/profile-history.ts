import { desc, eq } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import type { Actor } from "../identity/actor.ts";
import {
  type historyEntrySchema,
  type historyVersionSchema,
  teamProfileSchema,
} from "./profile.schemas.ts";
import { teamProfileVersions } from "./profile.tables.ts";
import { assertCanReadProfile } from "./profile-rules.ts";

type HistoryEntry = z.infer<typeof historyEntrySchema>;
type HistoryVersion = z.infer<typeof historyVersionSchema>;

const entry = (row: typeof teamProfileVersions.$inferSelect): HistoryEntry => ({
  revision: row.revision,
  documentVersion: row.documentVersion,
  lastUpdated: row.lastUpdated,
  source: row.source as HistoryEntry["source"],
  createdAt: row.createdAt.toISOString(),
  createdBy: row.createdBy,
});

/** Every published revision, newest first. */
export async function listProfileHistory(db: Db, input: { actor: Actor }): Promise<HistoryEntry[]> {
  assertCanReadProfile(input.actor);
  const rows = await db
    .select()
    .from(teamProfileVersions)
    .orderBy(desc(teamProfileVersions.revision));
  return rows.map(entry);
}

/** One past revision as it was published. */
export async function getProfileVersion(
  db: Db,
  input: { actor: Actor; revision: number },
): Promise<HistoryVersion> {
  assertCanReadProfile(input.actor);
  const [row] = await db
    .select()
    .from(teamProfileVersions)
    .where(eq(teamProfileVersions.revision, input.revision));
  if (!row) throw new DomainError("PROFILE_NOT_FOUND", `No profile revision ${input.revision}.`);
  return { ...entry(row), profile: teamProfileSchema.parse(row.data) };
}
