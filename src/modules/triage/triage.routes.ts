import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { expectedVersion, setEtag } from "../../platform/http/versioning.ts";
import { idParams } from "../incidents/incidents.schemas.ts";
import { reportIdParams } from "../reports/reports.schemas.ts";
import { getQueue } from "./get-queue.ts";
import { listTriageDecisions } from "./list-triage-decisions.ts";
import { suggestRsit } from "./rsit-suggestions.ts";
import {
  getSeverityMatrix,
  listSeverityMatrixVersions,
  type SeverityMatrixView,
  saveSeverityMatrix,
} from "./severity-matrix.ts";
import { suggestForReport } from "./suggest-for-report.ts";
import {
  matrixBody,
  matrixQuery,
  matrixViewSchema,
  queuePageSchema,
  queueQuery,
  reportTriageBody,
  suggestBody,
  suggestionSchema,
  triageBody,
  triageDecisionSchema,
  triageResultSchema,
} from "./triage.schemas.ts";
import { triageIncident } from "./triage-incident.ts";
import { triageReport } from "./triage-report.ts";
import { impacts, scopes } from "./triage-rules.ts";

const tags = ["triage"];
const triageErrors = errorResponses(
  "UNAUTHENTICATED",
  "FORBIDDEN",
  "INCIDENT_NOT_FOUND",
  "REPORT_NOT_FOUND",
  "ASSET_NOT_FOUND",
  "UNKNOWN_RSIT_CLASS",
  "VERSION_CONFLICT",
  "PRECONDITION_REQUIRED",
);
const presentMatrix = (m: SeverityMatrixView) => ({
  ...m,
  impacts: [...impacts],
  scopes: [...scopes],
});

export function triageRoutes(app: HttpServer, db: Db): void {
  app.get(
    "/api/queue",
    {
      schema: {
        tags,
        summary:
          "Triage queue: open incidents and unattached reports, by priority then SLA due time",
        querystring: queueQuery,
        response: { 200: queuePageSchema, ...errorResponses("UNAUTHENTICATED", "FORBIDDEN") },
      },
    },
    async (req) => {
      const { limit, offset, assignee, ...filters } = req.query;
      return getQueue(db, {
        actor: req.actor,
        filters: { ...filters, assigneeId: assignee },
        limit,
        offset,
      });
    },
  );

  app.post(
    "/api/incidents/:id/triage",
    {
      schema: {
        tags,
        summary: "Record a triage decision; severity from the matrix, priority from the rule",
        params: idParams,
        body: triageBody,
        response: { 200: triageResultSchema, ...triageErrors },
      },
    },
    async (req, reply) => {
      const { version, ...decision } = req.body;
      const result = await triageIncident(db, {
        actor: req.actor,
        id: req.params.id,
        expectedVersion: expectedVersion(req, version),
        decision,
      });
      setEtag(reply, result.incident.version);
      return result;
    },
  );

  app.get(
    "/api/incidents/:id/triage",
    {
      schema: {
        tags,
        summary: "Triage decisions of an incident, oldest first",
        params: idParams,
        response: {
          200: z.object({ items: z.array(triageDecisionSchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "INCIDENT_NOT_FOUND"),
        },
      },
    },
    async (req) => ({
      items: await listTriageDecisions(db, { actor: req.actor, id: req.params.id }),
    }),
  );

  app.post(
    "/api/reports/:id/triage",
    {
      schema: {
        tags,
        summary: "Triage a report: decides on its incident, creating it when there is none",
        params: reportIdParams,
        body: reportTriageBody,
        response: { 200: triageResultSchema, ...triageErrors },
      },
    },
    async (req, reply) => {
      const result = await triageReport(db, {
        actor: req.actor,
        id: req.params.id,
        decision: req.body,
      });
      setEtag(reply, result.incident.version);
      return result;
    },
  );

  app.get(
    "/api/reports/:id/rsit-suggestions",
    {
      schema: {
        tags,
        summary: "Ranked RSIT class/type suggestions from the report's text",
        params: reportIdParams,
        response: {
          200: z.object({ items: z.array(suggestionSchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "REPORT_NOT_FOUND"),
        },
      },
    },
    async (req) => ({ items: await suggestForReport(db, { actor: req.actor, id: req.params.id }) }),
  );

  app.post(
    "/api/rsit/suggest",
    {
      schema: {
        tags,
        summary: "Ranked RSIT suggestions for any text and observable types",
        body: suggestBody,
        response: {
          200: z.object({ items: z.array(suggestionSchema) }),
          ...errorResponses("UNAUTHENTICATED"),
        },
      },
    },
    async (req) => ({ items: suggestRsit(req.body.text, req.body.observableTypes) }),
  );

  app.get(
    "/api/severity-matrix",
    {
      schema: {
        tags,
        summary: "The severity engagement matrix in force (a tenant's, or the team default)",
        querystring: matrixQuery,
        response: {
          200: matrixViewSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "TENANT_NOT_FOUND"),
        },
      },
    },
    async (req) => presentMatrix(await getSeverityMatrix(db, { actor: req.actor, ...req.query })),
  );

  app.get(
    "/api/severity-matrix/versions",
    {
      schema: {
        tags,
        summary: "Every version of a matrix, newest first",
        querystring: matrixQuery,
        response: {
          200: z.object({ items: z.array(matrixViewSchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "TENANT_NOT_FOUND"),
        },
      },
    },
    async (req) => ({
      items: (await listSeverityMatrixVersions(db, { actor: req.actor, ...req.query })).map(
        presentMatrix,
      ),
    }),
  );

  app.put(
    "/api/severity-matrix",
    {
      schema: {
        tags,
        summary: "Save a new version of a tenant's (or the team default) matrix; admins only",
        body: matrixBody,
        response: {
          201: matrixViewSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "TENANT_NOT_FOUND"),
        },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(presentMatrix(await saveSeverityMatrix(db, { actor: req.actor, ...req.body }))),
  );
}
