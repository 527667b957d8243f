import type { paths } from "./schema.d.ts";

type Json<P extends keyof paths, M extends keyof paths[P], S extends number> = paths[P][M] extends {
  responses: { [K in S]: { content: { "application/json": infer T } } };
}
  ? T
  : never;

export type Me = Json<"/api/me", "get", 200>;
export type IncidentView = Json<"/api/incidents/{id}", "get", 200>;
export type ReportView = Json<"/api/reports/{id}", "get", 200>;
export type TimelineEntry = Json<"/api/incidents/{id}/timeline", "get", 200>["items"][number];
export type IncidentMember = Json<"/api/incidents/{id}/members", "get", 200>["items"][number];
export type UserView = Json<"/api/users", "get", 200>["items"][number];
export type TenantView = Json<"/api/tenants", "get", 200>["items"][number];
export type CreatedToken = Json<"/api/tokens", "post", 201>;
export type Role = UserView["role"];
export type Tlp = IncidentView["tlp"];
export type Pap = IncidentView["pap"];
export type Severity = IncidentView["severity"];
export type Priority = NonNullable<IncidentView["priority"]>;
export type IncidentStatus = IncidentView["status"];

export const tlpLevels: readonly Tlp[] = ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"];
export const papLevels: readonly Pap[] = ["CLEAR", "GREEN", "AMBER", "RED"];
export const severities: readonly Severity[] = ["low", "medium", "high", "critical"];
export const priorities: readonly Priority[] = ["P1", "P2", "P3", "P4"];
export const roles: readonly Role[] = [
  "admin",
  "lead",
  "handler",
  "psirt",
  "auditor",
  "constituent",
];
