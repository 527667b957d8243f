import { z } from "zod";
import { roles } from "./actor.ts";
import type { users } from "./identity.tables.ts";

export const userViewSchema = z.object({
  id: z.uuid(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(roles),
  tenantId: z.uuid().nullable(),
  disabled: z.boolean(),
  createdAt: z.iso.datetime(),
});
export type UserView = z.infer<typeof userViewSchema>;

/** The public shape of a user: never the password hash. */
export function toUserView(row: typeof users.$inferSelect): UserView {
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: row.role as UserView["role"],
    tenantId: row.tenantId,
    disabled: row.disabled,
    createdAt: row.createdAt.toISOString(),
  };
}
