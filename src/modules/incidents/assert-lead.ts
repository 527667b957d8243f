import { eq } from "drizzle-orm";
import type { Db } from "../../platform/db/client.ts";
import { DomainError } from "../../platform/errors.ts";
import { users } from "../identity/identity.tables.ts";

/** A lead is an active team member who can see the incident's tenant. */
export async function assertLead(db: Db, leadId: string, tenantId: string): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, leadId));
  const fits =
    user &&
    !user.disabled &&
    user.role !== "constituent" &&
    user.role !== "auditor" &&
    (user.tenantId === null || user.tenantId === tenantId);
  if (!fits) {
    throw new DomainError(
      "USER_NOT_FOUND",
      "The lead must be an active team member of this tenant.",
    );
  }
}
