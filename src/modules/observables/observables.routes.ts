import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { addObservable } from "./add-observable.ts";
import { extractCaseObservables } from "./extract-case-observables.ts";
import { listCaseObservables } from "./list-case-observables.ts";
import { caseKinds } from "./load-visible-case.ts";
import { observableViewSchema } from "./observable-view.ts";
import {
  addObservableBody,
  caseIdParams,
  extractionResultSchema,
  observableIdParams,
  observableListSchema,
  updateObservableBody,
} from "./observables.schemas.ts";
import { removeObservable } from "./remove-observable.ts";
import { updateObservable } from "./update-observable.ts";

const tags = ["observables"];

/** The same observable endpoints under `/api/reports/{id}` and `/api/incidents/{id}`. */
export function observableRoutes(app: HttpServer, db: Db): void {
  for (const kind of caseKinds) {
    const base = `/api/${kind}s/:id/observables`;
    const caseMissing = kind === "report" ? "REPORT_NOT_FOUND" : "INCIDENT_NOT_FOUND";
    const notFound = errorResponses("UNAUTHENTICATED", "FORBIDDEN", caseMissing);
    const observableMissing = errorResponses(
      "UNAUTHENTICATED",
      "FORBIDDEN",
      caseMissing,
      "OBSERVABLE_NOT_FOUND",
    );

    app.get(
      base,
      {
        schema: {
          tags,
          summary:
            kind === "report"
              ? "Observables of a report"
              : "Observables of an incident and of its linked reports",
          params: caseIdParams,
          response: { 200: observableListSchema, ...notFound },
        },
      },
      async (req) => ({
        items: await listCaseObservables(db, {
          actor: req.actor,
          case: { kind, id: req.params.id },
        }),
      }),
    );

    app.post(
      base,
      {
        schema: {
          tags,
          summary: `Add an observable to the ${kind} by hand (normalised; a known one is seen again)`,
          params: caseIdParams,
          body: addObservableBody,
          response: {
            201: observableViewSchema,
            ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", caseMissing, "OBSERVABLE_INVALID"),
          },
        },
      },
      async (req, reply) =>
        reply.code(201).send(
          await addObservable(db, {
            actor: req.actor,
            case: { kind, id: req.params.id },
            ...req.body,
          }),
        ),
    );

    app.post(
      `${base}/extract`,
      {
        schema: {
          tags,
          summary: `Extract observables from the ${kind}'s text again`,
          params: caseIdParams,
          response: { 200: extractionResultSchema, ...notFound },
        },
      },
      async (req) =>
        extractCaseObservables(db, { actor: req.actor, case: { kind, id: req.params.id } }),
    );

    app.patch(
      `${base}/:observableId`,
      {
        schema: {
          tags,
          summary: "Mark an observable as a false positive, or change its TLP",
          params: observableIdParams,
          body: updateObservableBody,
          response: { 200: observableViewSchema, ...observableMissing },
        },
      },
      async (req) =>
        updateObservable(db, {
          actor: req.actor,
          case: { kind, id: req.params.id },
          observableId: req.params.observableId,
          patch: req.body,
        }),
    );

    app.delete(
      `${base}/:observableId`,
      {
        schema: {
          tags,
          summary: "Remove an observable from the case",
          params: observableIdParams,
          response: {
            200: z.object({ id: z.uuid(), removed: z.literal(true) }),
            ...observableMissing,
          },
        },
      },
      async (req) => {
        await removeObservable(db, {
          actor: req.actor,
          case: { kind, id: req.params.id },
          observableId: req.params.observableId,
        });
        return { id: req.params.observableId, removed: true as const };
      },
    );
  }
}
