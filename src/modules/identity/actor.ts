import { DomainError } from "../../platform/errors.ts";

export const roles = ["admin", "lead", "handler", "psirt", "auditor", "constituent"] as const;
export type Role = (typeof roles)[number];

/** Token scopes: a token can do at most what its owner's role allows, and only within its scopes. */
export const scopes = ["read", "write", "admin", "audit"] as const;
export type Scope = (typeof scopes)[number];

export const permissions = [
  "cases:read",
  "reports:write",
  "incidents:write",
  "users:manage",
  "tenants:manage",
  "audit:read",
  "psirt:manage",
] as const;
export type Permission = (typeof permissions)[number];

/** Who can do what, by role. Tenant and need-to-know restrictions are applied in queries. */
const rolePermissions: Record<Role, readonly Permission[]> = {
  admin: [
    "cases:read",
    "reports:write",
    "incidents:write",
    "users:manage",
    "tenants:manage",
    "audit:read",
    "psirt:manage",
  ],
  lead: ["cases:read", "reports:write", "incidents:write"],
  handler: ["cases:read", "reports:write", "incidents:write"],
  psirt: ["cases:read", "reports:write", "incidents:write", "psirt:manage"],
  auditor: ["cases:read", "audit:read"],
  // Constituents report (portal) and follow their tenant's cases; they do not run incidents.
  constituent: ["cases:read", "reports:write"],
};

const scopePermissions: Record<Scope, readonly Permission[]> = {
  read: ["cases:read"],
  write: ["reports:write", "incidents:write", "psirt:manage"],
  admin: ["users:manage", "tenants:manage"],
  audit: ["audit:read"],
};

/** The authenticated party behind a request or a CLI command. */
export interface Actor {
  /** Null for the local operator (CLI with access to the data directory) and the system. */
  userId: string | null;
  label: string;
  role: Role;
  /** Null for team members who see every tenant; set for constituents and tenant-bound staff. */
  tenantId: string | null;
  /** Null when the actor is not limited by token scopes (session login, local operator). */
  scopes: readonly Scope[] | null;
}

export function isTeamMember(actor: Actor): boolean {
  return actor.role !== "constituent";
}

export function can(actor: Actor, permission: Permission): boolean {
  if (!rolePermissions[actor.role].includes(permission)) return false;
  if (actor.scopes === null) return true;
  return actor.scopes.some((s) => scopePermissions[s].includes(permission));
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!can(actor, permission)) {
    const byScope = rolePermissions[actor.role].includes(permission);
    throw new DomainError(
      byScope ? "INSUFFICIENT_SCOPE" : "FORBIDDEN",
      byScope
        ? `This token lacks the scope needed for ${permission}.`
        : `The ${actor.role} role may not perform ${permission}.`,
    );
  }
}

/** Scopes a role may hold on a token: those granting at least one permission of the role. */
export function scopesForRole(role: Role): Scope[] {
  return scopes.filter((s) => scopePermissions[s].some((p) => rolePermissions[role].includes(p)));
}

/** The CLI operator: whoever can read the data directory or the database URL. */
export const localOperator: Actor = {
  userId: null,
  label: "local-operator",
  role: "admin",
  tenantId: null,
  scopes: null,
};

/** Vigil itself (jobs, intake). */
export const systemActor: Actor = {
  userId: null,
  label: "system",
  role: "admin",
  tenantId: null,
  scopes: null,
};
