/**
 * Where the features still to come slot in (triage, SLA, observables, keys,
 * profile, PSIRT): each adds its entries here and keeps its screens in
 * web/src/features/<module>/, mirroring src/modules/<module>/.
 */
import type { ComponentType, ReactNode } from "react";
import { Route } from "react-router";
import type { IncidentView, Me, ReportView } from "../api/types.ts";
import { isAdmin } from "../features/identity/session.tsx";
import { ProfilePage } from "../features/profile/ProfilePage.tsx";
import type { MessageKey } from "../i18n/en.ts";

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Whether the caller's role may use the screen. */
  visible(me: Me): boolean;
}

/** Console navigation entries beyond the queue and administration. */
export const extraNavItems: NavItem[] = [
  { to: "/admin/profile", label: "nav.profile", visible: isAdmin },
];

/** Extra console routes (`<Route path=… element=…/>`), e.g. SLA policies, PSIRT cases. */
export function consoleRoutes(me: Me): ReactNode {
  return isAdmin(me) ? <Route path="admin/profile" element={<ProfilePage />} /> : null;
}

/** Panels shown on the report view under the fields, e.g. triage and observables. */
export const reportPanels: ComponentType<{ report: ReportView }>[] = [];

/** Panels shown on the incident view, e.g. SLA clocks and observables. */
export const incidentPanels: ComponentType<{ incident: IncidentView }>[] = [];
