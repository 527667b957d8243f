import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { expectedVersion, setEtag } from "../../platform/http/versioning.ts";
import { timelineEntrySchema } from "../timeline/list-timeline.ts";
import { createReport } from "./create-report.ts";
import { getReportTimeline } from "./get-report-timeline.ts";
import { linkReport } from "./link-report.ts";
import { listReports } from "./list-reports.ts";
import { loadVisibleReport } from "./load-visible-report.ts";
import { mergeReports } from "./merge-reports.ts";
import { reportViewSchema, toReportView } from "./report-view.ts";
import {
  createReportBody,
  linkBody,
  listReportsQuery,
  mergeBody,
  reportIdParams,
  reportPageSchema,
  updateReportBody,
} from "./reports.schemas.ts";
import { unlinkReport } from "./unlink-report.ts";
import { updateReport } from "./update-report.ts";

const tags = ["reports"];
const notFound = errorResponses("UNAUTHENTICATED", "FORBIDDEN", "REPORT_NOT_FOUND");

export function reportRoutes(app: HttpServer, db: Db): void {
  app.get(
    "/api/reports",
    {
      schema: {
        tags,
        summary: "List reports visible to the caller, newest first",
        querystring: listReportsQuery,
        response: { 200: reportPageSchema, ...errorResponses("UNAUTHENTICATED", "FORBIDDEN") },
      },
    },
    async (req) => {
      const { limit, offset, ...filters } = req.query;
      return listReports(db, { actor: req.actor, filters, limit, offset });
    },
  );

  app.post(
    "/api/reports",
    {
      schema: {
        tags,
        summary: "Record an incoming report (unlabelled: TLP:GREEN, PAP:GREEN)",
        body: createReportBody,
        response: {
          201: reportViewSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "TENANT_NOT_FOUND", "TENANT_MISMATCH"),
        },
      },
    },
    async (req, reply) => {
      const { receivedAt, ...rest } = req.body;
      const report = await createReport(db, {
        actor: req.actor,
        ...rest,
        receivedAt: receivedAt ? new Date(receivedAt) : undefined,
      });
      setEtag(reply, report.version);
      return reply.code(201).send(report);
    },
  );

  app.get(
    "/api/reports/:id",
    {
      schema: {
        tags,
        summary: "Read one report",
        params: reportIdParams,
        response: { 200: reportViewSchema, ...notFound },
      },
    },
    async (req, reply) => {
      const report = toReportView(await loadVisibleReport(db, req.actor, req.params.id));
      setEtag(reply, report.version);
      return report;
    },
  );

  app.patch(
    "/api/reports/:id",
    {
      schema: {
        tags,
        summary: "Edit a report; requires If-Match or version",
        params: reportIdParams,
        body: updateReportBody,
        response: {
          200: reportViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "REPORT_NOT_FOUND",
            "VERSION_CONFLICT",
            "PRECONDITION_REQUIRED",
          ),
        },
      },
    },
    async (req, reply) => {
      const { version, ...patch } = req.body;
      const report = await updateReport(db, {
        actor: req.actor,
        id: req.params.id,
        expectedVersion: expectedVersion(req, version),
        patch,
      });
      setEtag(reply, report.version);
      return report;
    },
  );

  app.post(
    "/api/reports/:id/link",
    {
      schema: {
        tags,
        summary: "Link the report to an incident",
        params: reportIdParams,
        body: linkBody,
        response: {
          200: reportViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "REPORT_NOT_FOUND",
            "INCIDENT_NOT_FOUND",
            "TENANT_MISMATCH",
          ),
        },
      },
    },
    async (req) =>
      linkReport(db, {
        actor: req.actor,
        reportId: req.params.id,
        incidentId: req.body.incidentId,
      }),
  );

  app.post(
    "/api/reports/:id/unlink",
    {
      schema: {
        tags,
        summary: "Detach the report from its incident",
        params: reportIdParams,
        response: { 200: reportViewSchema, ...notFound },
      },
    },
    async (req) => unlinkReport(db, { actor: req.actor, reportId: req.params.id }),
  );

  app.post(
    "/api/reports/:id/merge",
    {
      schema: {
        tags,
        summary: "Merge this report (a duplicate) into another; nothing is deleted",
        params: reportIdParams,
        body: mergeBody,
        response: {
          200: reportViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "REPORT_NOT_FOUND",
            "REPORT_ALREADY_MERGED",
            "CANNOT_MERGE_INTO_SELF",
          ),
        },
      },
    },
    async (req) =>
      mergeReports(db, {
        actor: req.actor,
        sourceId: req.params.id,
        targetId: req.body.intoReportId,
      }),
  );

  app.get(
    "/api/reports/:id/timeline",
    {
      schema: {
        tags,
        summary: "Typed timeline events of a report",
        params: reportIdParams,
        response: { 200: z.object({ items: z.array(timelineEntrySchema) }), ...notFound },
      },
    },
    async (req) => ({
      items: await getReportTimeline(db, { actor: req.actor, id: req.params.id }),
    }),
  );
}
