/**
 * Where the features still to come slot in (triage, SLA, observables, keys,
 * profile, PSIRT): each adds its entries here and keeps its screens in
 * web/src/features/<module>/, mirroring src/modules/<module>/.
 */
import type { ComponentType, ReactNode } from "react";
import type { IncidentView, Me, ReportView } from "../api/types.ts";
import type { MessageKey } from "../i18n/en.ts";

export interface NavItem {
  to: string;
  label: MessageKey;
  /** Whether the caller's role may use the screen. */
  visible(me: Me): boolean;
}

/** Console navigation entries beyond the queue and administration. */
export const extraNavItems: NavItem[] = [];

/** Extra console routes (`<Route path=… element=…/>`), e.g. SLA policies, PSIRT cases. */
export function consoleRoutes(_me: Me): ReactNode {
  return null;
}

/** Panels shown on the report view under the fields, e.g. triage and observables. */
export const reportPanels: ComponentType<{ report: ReportView }>[] = [];

/** Panels shown on the incident view, e.g. SLA clocks and observables. */
export const incidentPanels: ComponentType<{ incident: IncidentView }>[] = [];
