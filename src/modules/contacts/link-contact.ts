import { sql } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { contacts } from "./contacts.tables.ts";

/**
 * The contact for `email` in the tenant, created on first sight; a later
 * message refreshes `last_seen_at` and fills a missing display name.
 */
export async function linkContact(
  tx: Db,
  input: { tenantId: string; email: string; name?: string | null | undefined },
): Promise<{ id: string; created: boolean }> {
  const email = input.email.trim().toLowerCase();
  const name = input.name?.trim() || null;
  const [row] = await tx
    .insert(contacts)
    .values({ tenantId: input.tenantId, email, name })
    .onConflictDoUpdate({
      target: [contacts.tenantId, contacts.email],
      set: { lastSeenAt: sql`now()`, name: sql`coalesce(${contacts.name}, excluded.name)` },
    })
    .returning({ id: contacts.id, created: sql<boolean>`(xmax = 0)` });
  if (!row) throw new Error("contact upsert returned no row");
  return row;
}
