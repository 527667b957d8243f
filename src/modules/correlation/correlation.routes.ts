import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { reportIdParams } from "../reports/reports.schemas.ts";
import { correlateObservables } from "./correlate-observables.ts";
import {
  correlateBody,
  correlationSchema,
  reportCorrelationsQuery,
  reportCorrelationsSchema,
} from "./correlation.schemas.ts";
import { getReportCorrelations } from "./get-report-correlations.ts";

const tags = ["correlation"];

export function correlationRoutes(app: HttpServer, db: Db): void {
  app.post(
    "/api/correlate",
    {
      schema: {
        tags,
        summary: "Match observables against the cases you may see and the IOC store",
        body: correlateBody,
        response: {
          200: correlationSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN"),
        },
      },
    },
    async (req) => {
      const { caseRows: _, ...result } = await correlateObservables(db, {
        actor: req.actor,
        observables: req.body.observables,
        iocTenantId: req.body.tenant,
      });
      return result;
    },
  );

  app.get(
    "/api/reports/:id/correlations",
    {
      schema: {
        tags,
        summary: "Correlations of a report, an incident to link to, and duplicates to merge",
        params: reportIdParams,
        querystring: reportCorrelationsQuery,
        response: {
          200: reportCorrelationsSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "REPORT_NOT_FOUND"),
        },
      },
    },
    async (req) =>
      getReportCorrelations(db, {
        actor: req.actor,
        reportId: req.params.id,
        windowDays: req.query.windowDays,
      }),
  );
}
