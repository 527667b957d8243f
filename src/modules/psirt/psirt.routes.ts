import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { expectedVersion, setEtag } from "../../platform/http/versioning.ts";
import { timelineEntrySchema } from "../timeline/list-timeline.ts";
import { addCaseParty, updatePartyStatus } from "./case-parties.ts";
import { createVulnerabilityCase } from "./create-vulnerability-case.ts";
import { addCveIdsToPool, parseCveIdBlock } from "./cve-pool.ts";
import { cveActions, requestCvePublication } from "./cve-publication.ts";
import type { CveServicesClient } from "./cve-services-client.ts";
import { assertTimeZone } from "./embargo-rules.ts";
import { getCveRecord } from "./get-cve-record.ts";
import { getPsirtCaseTimeline } from "./get-psirt-case-timeline.ts";
import { listProducts } from "./list-products.ts";
import { listVulnerabilityCases } from "./list-vulnerability-cases.ts";
import { loadCaseParties, loadVisiblePsirtCase } from "./load-visible-psirt-case.ts";
import { productViewSchema } from "./product-view.ts";
import {
  caseIdParams,
  casePageSchema,
  createCaseBody,
  cveActionBody,
  cvePoolBody,
  embargoBody,
  listCasesQuery,
  messageBody,
  partyBody,
  partyParams,
  partyStatusBody,
  productBody,
  productParams,
  reserveCveBody,
  transitionCaseBody,
  updateCaseBody,
  updateProductBody,
  viewQuery,
} from "./psirt.schemas.ts";
import { partyViewSchema, psirtCaseViewSchema, toPsirtCaseView } from "./psirt-case-view.ts";
import type { PsirtSettings } from "./psirt-settings.ts";
import { recordCaseMessage } from "./record-case-message.ts";
import { reserveCveId } from "./reserve-cve-id.ts";
import { createProduct, updateProduct } from "./save-product.ts";
import { setEmbargo } from "./set-embargo.ts";
import { transitionVulnerabilityCase } from "./transition-vulnerability-case.ts";
import { updateVulnerabilityCase } from "./update-vulnerability-case.ts";

const tags = ["psirt"];
const caseErrors = (...more: Parameters<typeof errorResponses>) =>
  errorResponses("UNAUTHENTICATED", "FORBIDDEN", "PSIRT_CASE_NOT_FOUND", ...more);

export interface PsirtRouteOptions {
  settings: PsirtSettings;
  cveServices: CveServicesClient | null;
}

export function psirtRoutes(app: HttpServer, db: Db, options: PsirtRouteOptions): void {
  const { settings } = options;

  app.get(
    "/api/psirt/cases",
    {
      schema: {
        tags,
        summary: "Vulnerability cases visible to the caller, newest first",
        querystring: listCasesQuery,
        response: { 200: casePageSchema, ...errorResponses("UNAUTHENTICATED", "FORBIDDEN") },
      },
    },
    async (req) => {
      const { limit, offset, ...filters } = req.query;
      return listVulnerabilityCases(db, { actor: req.actor, filters, limit, offset });
    },
  );

  app.post(
    "/api/psirt/cases",
    {
      schema: {
        tags,
        summary: "Open a vulnerability case (status received, TLP:AMBER unless given)",
        body: createCaseBody,
        response: {
          201: psirtCaseViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "TENANT_NOT_FOUND",
            "INVALID_CVSS_VECTOR",
          ),
        },
      },
    },
    async (req, reply) => {
      const created = await createVulnerabilityCase(db, { actor: req.actor, ...req.body });
      setEtag(reply, created.version);
      return reply.code(201).send(created);
    },
  );

  app.get(
    "/api/psirt/cases/:id",
    {
      schema: {
        tags,
        summary: "One vulnerability case, with parties and the embargo in each party's zone",
        params: caseIdParams,
        querystring: viewQuery,
        response: { 200: psirtCaseViewSchema, ...caseErrors("INVALID_TIME_ZONE") },
      },
    },
    async (req, reply) => {
      if (req.query.timeZone) assertTimeZone(req.query.timeZone);
      const row = await loadVisiblePsirtCase(db, req.actor, req.params.id);
      setEtag(reply, row.version);
      return toPsirtCaseView(row, await loadCaseParties(db, row.id), {
        viewerZone: req.query.timeZone,
      });
    },
  );

  app.patch(
    "/api/psirt/cases/:id",
    {
      schema: {
        tags,
        summary: "Edit a case (facts, products, CVSS, credits, notes); If-Match or version",
        params: caseIdParams,
        body: updateCaseBody,
        response: {
          200: psirtCaseViewSchema,
          ...caseErrors("VERSION_CONFLICT", "PRECONDITION_REQUIRED", "INVALID_CVSS_VECTOR"),
        },
      },
    },
    async (req, reply) => {
      const { version, references, ...rest } = req.body;
      const updated = await updateVulnerabilityCase(db, {
        actor: req.actor,
        id: req.params.id,
        expectedVersion: expectedVersion(req, version),
        patch: { ...rest, ...(references ? { referenceUrls: references } : {}) },
      });
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.post(
    "/api/psirt/cases/:id/status",
    {
      schema: {
        tags,
        summary: "Move a case along received → validating → confirmed/rejected → fix_in_progress",
        params: caseIdParams,
        body: transitionCaseBody,
        response: {
          200: psirtCaseViewSchema,
          ...caseErrors("INVALID_TRANSITION", "VERSION_CONFLICT", "PRECONDITION_REQUIRED"),
        },
      },
    },
    async (req, reply) => {
      const updated = await transitionVulnerabilityCase(db, {
        actor: req.actor,
        id: req.params.id,
        to: req.body.status,
        reason: req.body.reason,
        expectedVersion: expectedVersion(req, req.body.version),
      });
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.put(
    "/api/psirt/cases/:id/embargo",
    {
      schema: {
        tags,
        summary: "Set (or lift, at: null) the disclosure date, with an explicit IANA zone",
        params: caseIdParams,
        body: embargoBody,
        response: {
          200: psirtCaseViewSchema,
          ...caseErrors("INVALID_TIME_ZONE", "VERSION_CONFLICT", "PRECONDITION_REQUIRED"),
        },
      },
    },
    async (req, reply) => {
      const updated = await setEmbargo(db, {
        actor: req.actor,
        id: req.params.id,
        at: req.body.at,
        timeZone: req.body.timeZone,
        expectedVersion: expectedVersion(req, req.body.version),
      });
      setEtag(reply, updated.version);
      return updated;
    },
  );

  app.post(
    "/api/psirt/cases/:id/parties",
    {
      schema: {
        tags,
        summary: "Add a coordinated party (starts `unknown` until it answers)",
        params: caseIdParams,
        body: partyBody,
        response: { 201: partyViewSchema, ...caseErrors("INVALID_TIME_ZONE", "PARTY_EXISTS") },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await addCaseParty(db, { actor: req.actor, id: req.params.id, ...req.body })),
  );

  app.post(
    "/api/psirt/cases/:id/parties/:partyId/status",
    {
      schema: {
        tags,
        summary: "Record a party's answer: notified, acknowledged, affected, not_affected, fixed",
        params: partyParams,
        body: partyStatusBody,
        response: { 200: partyViewSchema, ...caseErrors("PARTY_NOT_FOUND") },
      },
    },
    async (req) =>
      updatePartyStatus(db, {
        actor: req.actor,
        id: req.params.id,
        partyId: req.params.partyId,
        ...req.body,
      }),
  );

  app.post(
    "/api/psirt/cases/:id/messages",
    {
      schema: {
        tags,
        summary: "Put an inbound/outbound message reference on the disclosure timeline",
        params: caseIdParams,
        body: messageBody,
        response: { 200: z.object({ recorded: z.literal(true) }), ...caseErrors() },
      },
    },
    async (req) => {
      await recordCaseMessage(db, { actor: req.actor, id: req.params.id, message: req.body });
      return { recorded: true as const };
    },
  );

  app.get(
    "/api/psirt/cases/:id/timeline",
    {
      schema: {
        tags,
        summary: "Typed events of a case, oldest first (the disclosure coordination timeline)",
        params: caseIdParams,
        response: { 200: z.object({ items: z.array(timelineEntrySchema) }), ...caseErrors() },
      },
    },
    async (req) => ({
      items: await getPsirtCaseTimeline(db, { actor: req.actor, id: req.params.id }),
    }),
  );

  app.post(
    "/api/psirt/cases/:id/cve",
    {
      schema: {
        tags,
        summary: "Assign a CVE id: from the uploaded pool or reserved through CVE Services",
        params: caseIdParams,
        body: reserveCveBody,
        response: {
          200: psirtCaseViewSchema,
          ...caseErrors(
            "CVE_ALREADY_ASSIGNED",
            "CVE_POOL_EMPTY",
            "CVE_SERVICES_NOT_CONFIGURED",
            "CVE_SERVICES_FAILED",
          ),
        },
      },
    },
    async (req) =>
      reserveCveId(db, {
        actor: req.actor,
        id: req.params.id,
        source: req.body.source,
        cveServices: options.cveServices,
      }),
  );

  app.get(
    "/api/psirt/cases/:id/cve-record",
    {
      schema: {
        tags,
        summary: "The case's CVE JSON 5.1 record (dataVersion 5.1, CNA container)",
        params: caseIdParams,
        response: { 200: z.record(z.string(), z.unknown()), ...caseErrors("CVE_NOT_ASSIGNED") },
      },
    },
    async (req) =>
      getCveRecord(db, {
        actor: req.actor,
        id: req.params.id,
        cna: { cnaOrgId: settings.cnaOrgId, cnaShortName: settings.cnaShortName },
      }),
  );

  app.post(
    "/api/psirt/cases/:id/cve/:action",
    {
      schema: {
        tags,
        summary: "Publish, update or reject the CVE record at CVE Services (queued job)",
        params: caseIdParams.extend({ action: z.enum(cveActions) }),
        body: cveActionBody,
        response: {
          202: z.object({ cveId: z.string(), action: z.enum(cveActions), queued: z.boolean() }),
          ...caseErrors(
            "CVE_NOT_ASSIGNED",
            "EMBARGO_ACTIVE",
            "INVALID_TRANSITION",
            "CVE_SERVICES_NOT_CONFIGURED",
          ),
        },
      },
    },
    async (req, reply) =>
      reply.code(202).send(
        await requestCvePublication(db, {
          actor: req.actor,
          id: req.params.id,
          action: req.params.action,
          reason: req.body.reason,
          servicesConfigured: options.cveServices !== null,
        }),
      ),
  );

  app.post(
    "/api/psirt/cve-pool",
    {
      schema: {
        tags,
        summary: "Upload CVE ids the CNA holds (a list and/or a range); admin only",
        body: cvePoolBody,
        response: {
          200: z.object({ added: z.number().int(), skipped: z.number().int() }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN"),
        },
      },
    },
    async (req) => addCveIdsToPool(db, { actor: req.actor, ids: parseCveIdBlock(req.body) }),
  );

  app.get(
    "/api/psirt/products",
    {
      schema: {
        tags,
        summary: "The product catalogue",
        response: {
          200: z.object({ items: z.array(productViewSchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN"),
        },
      },
    },
    async (req) => ({ items: await listProducts(db, { actor: req.actor }) }),
  );

  app.post(
    "/api/psirt/products",
    {
      schema: {
        tags,
        summary: "Add a product (vendor, name, versions/branches, CPE, purl)",
        body: productBody,
        response: {
          201: productViewSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "PRODUCT_EXISTS", "TENANT_NOT_FOUND"),
        },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createProduct(db, { actor: req.actor, ...req.body })),
  );

  app.patch(
    "/api/psirt/products/:id",
    {
      schema: {
        tags,
        summary: "Edit a product (e.g. add a release); If-Match or version",
        params: productParams,
        body: updateProductBody,
        response: {
          200: productViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "PRODUCT_NOT_FOUND",
            "VERSION_CONFLICT",
            "PRECONDITION_REQUIRED",
          ),
        },
      },
    },
    async (req) => {
      const { version, ...patch } = req.body;
      return updateProduct(db, {
        actor: req.actor,
        id: req.params.id,
        expectedVersion: expectedVersion(req, version),
        patch,
      });
    },
  );
}
