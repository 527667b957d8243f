import type { Db } from "../../platform/db/client.ts";
import { type Actor, assertCan } from "../identity/actor.ts";
import { loadVisibleIncident } from "../incidents/load-visible-incident.ts";
import { incidentSla } from "./incident-sla.ts";
import { type SlaView, toSlaView } from "./sla-view.ts";

/** The SLA clocks of one incident the actor may see. */
export async function getIncidentSla(
  db: Db,
  input: { actor: Actor; id: string },
): Promise<SlaView> {
  assertCan(input.actor, "cases:read");
  const incident = await loadVisibleIncident(db, input.actor, input.id);
  return toSlaView((await incidentSla(db, incident)) ?? { waiting: false, clocks: {} });
}

/** The `sla` field of an incident already loaded for the actor (GET /api/incidents/{id}). */
export async function slaOfLoadedIncident(
  db: Db,
  row: Parameters<typeof incidentSla>[1],
): Promise<SlaView | undefined> {
  const state = await incidentSla(db, row);
  return state ? toSlaView(state) : undefined;
}
