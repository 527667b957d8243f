import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { assertVersion } from "../../platform/db/versioned.ts";
import { appendAuditRecord } from "../audit/append-audit-record.ts";
import type { Actor } from "../identity/actor.ts";
import { saveSlaCalendar } from "../sla/save-sla-settings.ts";
import { findProfile, type LoadedProfile } from "./load-profile.ts";
import { type TeamProfile, teamProfileSchema, weekdays } from "./profile.schemas.ts";
import { teamProfile, teamProfileVersions } from "./profile.tables.ts";
import { profileCalendar } from "./profile-rules.ts";

export interface ProfileRevision {
  actor: Actor;
  /** Builds the document to store from the current one (null before the first). */
  next: (current: LoadedProfile | null) => TeamProfile;
  source: "import" | "edit";
  /** The revision the caller read; undefined skips the check (import replaces whatever is there). */
  expectedRevision?: number | undefined;
  securityTxtDays: number;
  now: Date;
}

/**
 * Writes a new revision in the caller's transaction: the current row, its
 * immutable history row, the audit record, and the SLA calendar the profile's
 * hours, time zone and holidays define.
 */
export async function saveProfileRevision(tx: Db, input: ProfileRevision): Promise<LoadedProfile> {
  const current = await findProfile(tx, { forUpdate: true });
  if (input.expectedRevision !== undefined) {
    assertVersion(current?.row.revision ?? 0, input.expectedRevision, "The team profile");
  }
  const profile = teamProfileSchema.parse(input.next(current));
  const revision = (current?.row.revision ?? 0) + 1;
  const lastUpdated = profile.document.lastUpdated ?? input.now.toISOString().slice(0, 10);
  const values = {
    revision,
    documentVersion: profile.document.version,
    lastUpdated,
    data: profile,
    securityTxtExpiresAt: new Date(input.now.getTime() + input.securityTxtDays * 86_400_000),
    updatedAt: input.now,
    updatedBy: input.actor.label,
  };
  const [row] = await tx
    .insert(teamProfile)
    .values({ id: 1, ...values })
    .onConflictDoUpdate({ target: teamProfile.id, set: { ...values, id: sql`${teamProfile.id}` } })
    .returning();
  if (!row) throw new Error("profile upsert returned no row");
  await tx.insert(teamProfileVersions).values({
    revision,
    documentVersion: values.documentVersion,
    lastUpdated,
    data: profile,
    source: input.source,
    createdAt: input.now,
    createdBy: input.actor.label,
  });
  await appendAuditRecord(tx, input.actor, {
    action: input.source === "import" ? "profile.imported" : "profile.updated",
    entityType: "team_profile",
    entityId: String(revision),
    tenantId: null,
    data: { revision, documentVersion: values.documentVersion, lastUpdated },
  });
  const calendar = profileCalendar(profile);
  if (weekdays.some((d) => calendar.weeklyHours[d].length > 0)) {
    await saveSlaCalendar(tx, { actor: input.actor, calendar });
  }
  return { row, profile };
}
