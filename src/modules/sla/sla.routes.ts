import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { idParams } from "../incidents/incidents.schemas.ts";
import { getIncidentSla } from "./get-incident-sla.ts";
import { markIncidentMilestone } from "./mark-incident-milestone.ts";
import { pauseIncidentSla, resumeIncidentSla } from "./pause-incident-sla.ts";
import { getSlaSettings, saveSlaCalendar, saveSlaPolicy } from "./save-sla-settings.ts";
import {
  calendarBody,
  containedBody,
  pauseBody,
  policyBody,
  settingsQuery,
  settingsSchema,
} from "./sla.schemas.ts";
import { alwaysOpen, corporateHours, type WeeklyHours } from "./sla-rules.ts";
import { slaViewSchema } from "./sla-view.ts";

const tags = ["sla"];
const caseErrors = errorResponses("UNAUTHENTICATED", "FORBIDDEN", "INCIDENT_NOT_FOUND");
const settingsErrors = errorResponses("UNAUTHENTICATED", "FORBIDDEN", "TENANT_NOT_FOUND");

export function slaRoutes(app: HttpServer, db: Db): void {
  app.get(
    "/api/incidents/:id/sla",
    {
      schema: {
        tags,
        summary: "SLA clocks of an incident",
        params: idParams,
        response: { 200: slaViewSchema, ...caseErrors },
      },
    },
    async (req) => getIncidentSla(db, { actor: req.actor, id: req.params.id }),
  );

  app.post(
    "/api/incidents/:id/pause",
    {
      schema: {
        tags,
        summary: "Waiting on the reporter: stop the SLA clocks",
        params: idParams,
        body: pauseBody,
        response: {
          200: slaViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "INCIDENT_NOT_FOUND",
            "SLA_ALREADY_PAUSED",
            "INVALID_TRANSITION",
          ),
        },
      },
    },
    async (req) =>
      pauseIncidentSla(db, { actor: req.actor, id: req.params.id, reason: req.body.reason }),
  );

  app.post(
    "/api/incidents/:id/resume",
    {
      schema: {
        tags,
        summary: "The reporter answered: restart the SLA clocks",
        params: idParams,
        response: {
          200: slaViewSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "INCIDENT_NOT_FOUND", "SLA_NOT_PAUSED"),
        },
      },
    },
    async (req) => resumeIncidentSla(db, { actor: req.actor, id: req.params.id }),
  );

  app.post(
    "/api/incidents/:id/acknowledge",
    {
      schema: {
        tags,
        summary: "Acknowledge an incident (completes the acknowledge clock)",
        params: idParams,
        response: { 200: slaViewSchema, ...caseErrors },
      },
    },
    async (req) =>
      markIncidentMilestone(db, { actor: req.actor, id: req.params.id, kind: "acknowledged" }),
  );

  app.post(
    "/api/incidents/:id/contained",
    {
      schema: {
        tags,
        summary: "Mark an incident contained (completes the contain clock)",
        params: idParams,
        body: containedBody,
        response: { 200: slaViewSchema, ...caseErrors },
      },
    },
    async (req) =>
      markIncidentMilestone(db, {
        actor: req.actor,
        id: req.params.id,
        kind: "contained",
        note: req.body.note,
      }),
  );

  app.get(
    "/api/sla/settings",
    {
      schema: {
        tags,
        summary: "SLA policy and business calendar in force",
        querystring: settingsQuery,
        response: { 200: settingsSchema, ...settingsErrors },
      },
    },
    async (req) => getSlaSettings(db, { actor: req.actor, ...req.query }),
  );

  app.put(
    "/api/sla/policy",
    {
      schema: {
        tags,
        summary: "Set the SLA targets (business minutes) per severity; admins only",
        body: policyBody,
        response: { 200: settingsSchema, ...settingsErrors },
      },
    },
    async (req) => saveSlaPolicy(db, { actor: req.actor, ...req.body }),
  );

  app.put(
    "/api/sla/calendar",
    {
      schema: {
        tags,
        summary: "Set the business calendar (time zone, hours, holidays); admins only",
        body: calendarBody,
        response: { 200: settingsSchema, ...settingsErrors },
      },
    },
    async (req) => {
      const { tenant, preset, weeklyHours, timeZone, holidays } = req.body;
      const hours =
        (weeklyHours as WeeklyHours | undefined) ??
        (preset === "24/7" ? alwaysOpen : corporateHours);
      return saveSlaCalendar(db, {
        actor: req.actor,
        tenant,
        calendar: { timeZone, weeklyHours: hours, holidays },
      });
    },
  );
}
