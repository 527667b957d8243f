import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { expectedVersion, setEtag } from "../../platform/http/versioning.ts";
import { listReports } from "../reports/list-reports.ts";
import { reportViewSchema } from "../reports/report-view.ts";
import { slaOfLoadedIncident } from "../sla/get-incident-sla.ts";
import { timelineEntrySchema } from "../timeline/list-timeline.ts";
import { createIncident } from "./create-incident.ts";
import { getIncidentTimeline } from "./get-incident-timeline.ts";
import {
  addIncidentMember,
  listIncidentMembers,
  removeIncidentMember,
} from "./incident-members.ts";
import { incidentViewSchema, toIncidentView } from "./incident-view.ts";
import {
  createIncidentBody,
  idParams,
  incidentMemberSchema,
  incidentPageSchema,
  listIncidentsQuery,
  memberBody,
  memberParams,
  transitionBody,
  updateIncidentBody,
} from "./incidents.schemas.ts";
import { listIncidents } from "./list-incidents.ts";
import { loadVisibleIncident } from "./load-visible-incident.ts";
import { transitionIncident } from "./transition-incident.ts";
import { updateIncident } from "./update-incident.ts";

const tags = ["incidents"];
const notFound = errorResponses("UNAUTHENTICATED", "FORBIDDEN", "INCIDENT_NOT_FOUND");

export function incidentRoutes(app: HttpServer, db: Db): void {
  app.get(
    "/api/incidents",
    {
      schema: {
        tags,
        summary: "List incidents visible to the caller, newest first",
        querystring: listIncidentsQuery,
        response: { 200: incidentPageSchema, ...errorResponses("UNAUTHENTICATED", "FORBIDDEN") },
      },
    },
    async (req) => {
      const { limit, offset, ...filters } = req.query;
      return listIncidents(db, { actor: req.actor, filters, limit, offset });
    },
  );

  app.post(
    "/api/incidents",
    {
      schema: {
        tags,
        summary: "Create an incident (unlabelled: TLP:GREEN, PAP:GREEN)",
        body: createIncidentBody,
        response: {
          201: incidentViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "TENANT_NOT_FOUND",
            "UNKNOWN_RSIT_CLASS",
          ),
        },
      },
    },
    async (req, reply) => {
      const incident = await createIncident(db, { actor: req.actor, ...req.body });
      setEtag(reply, incident.version);
      return reply.code(201).send(incident);
    },
  );

  app.get(
    "/api/incidents/:id",
    {
      schema: {
        tags,
        summary: "Read one incident (by UUID or reference number)",
        params: idParams,
        response: { 200: incidentViewSchema, ...notFound },
      },
    },
    async (req, reply) => {
      const row = await loadVisibleIncident(db, req.actor, req.params.id);
      const incident = { ...toIncidentView(row), sla: await slaOfLoadedIncident(db, row) };
      setEtag(reply, incident.version);
      return incident;
    },
  );

  app.patch(
    "/api/incidents/:id",
    {
      schema: {
        tags,
        summary: "Edit an incident; requires If-Match or version",
        params: idParams,
        body: updateIncidentBody,
        response: {
          200: incidentViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "INCIDENT_NOT_FOUND",
            "VERSION_CONFLICT",
            "PRECONDITION_REQUIRED",
          ),
        },
      },
    },
    async (req, reply) => {
      const { version, ...patch } = req.body;
      const incident = await updateIncident(db, {
        actor: req.actor,
        id: req.params.id,
        expectedVersion: expectedVersion(req, version),
        patch,
      });
      setEtag(reply, incident.version);
      return incident;
    },
  );

  app.post(
    "/api/incidents/:id/status",
    {
      schema: {
        tags,
        summary: "Move an incident along its lifecycle",
        params: idParams,
        body: transitionBody,
        response: {
          200: incidentViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "INCIDENT_NOT_FOUND",
            "INVALID_TRANSITION",
            "PRECONDITION_REQUIRED",
          ),
        },
      },
    },
    async (req, reply) => {
      const incident = await transitionIncident(db, {
        actor: req.actor,
        id: req.params.id,
        to: req.body.status,
        reason: req.body.reason,
        expectedVersion: expectedVersion(req, req.body.version),
      });
      setEtag(reply, incident.version);
      return incident;
    },
  );

  app.get(
    "/api/incidents/:id/timeline",
    {
      schema: {
        tags,
        summary: "Typed timeline events of an incident, oldest first",
        params: idParams,
        response: { 200: z.object({ items: z.array(timelineEntrySchema) }), ...notFound },
      },
    },
    async (req) => ({
      items: await getIncidentTimeline(db, { actor: req.actor, id: req.params.id }),
    }),
  );

  app.get(
    "/api/incidents/:id/reports",
    {
      schema: {
        tags,
        summary: "Reports linked to an incident",
        params: idParams,
        response: { 200: z.object({ items: z.array(reportViewSchema) }), ...notFound },
      },
    },
    async (req) => {
      const incident = await loadVisibleIncident(db, req.actor, req.params.id);
      const page = await listReports(db, {
        actor: req.actor,
        filters: { incidentId: incident.id },
        limit: 200,
        offset: 0,
      });
      return { items: page.items };
    },
  );

  app.get(
    "/api/incidents/:id/members",
    {
      schema: {
        tags,
        summary: "Team members named on the incident (need-to-know list)",
        params: idParams,
        response: { 200: z.object({ items: z.array(incidentMemberSchema) }), ...notFound },
      },
    },
    async (req) => ({
      items: await listIncidentMembers(db, { actor: req.actor, id: req.params.id }),
    }),
  );

  app.post(
    "/api/incidents/:id/members",
    {
      schema: {
        tags,
        summary: "Name a team member on the incident",
        params: idParams,
        body: memberBody,
        response: {
          200: z.object({ items: z.array(incidentMemberSchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "INCIDENT_NOT_FOUND", "USER_NOT_FOUND"),
        },
      },
    },
    async (req) => ({
      items: await addIncidentMember(db, {
        actor: req.actor,
        id: req.params.id,
        userId: req.body.userId,
      }),
    }),
  );

  app.delete(
    "/api/incidents/:id/members/:userId",
    {
      schema: {
        tags,
        summary: "Remove a member from the incident",
        params: memberParams,
        response: {
          200: z.object({ items: z.array(incidentMemberSchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "INCIDENT_NOT_FOUND", "USER_NOT_FOUND"),
        },
      },
    },
    async (req) => ({
      items: await removeIncidentMember(db, {
        actor: req.actor,
        id: req.params.id,
        userId: req.params.userId,
      }),
    }),
  );
}
