import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { importIocs } from "./import-iocs.ts";
import { importIocsBody, importResultSchema } from "./iocs.schemas.ts";

const tags = ["iocs"];

export function iocRoutes(app: HttpServer, db: Db): void {
  app.post(
    "/api/iocs/import",
    {
      schema: {
        tags,
        summary: "Bulk import IOCs (CSV type,value[,tlp,description] or STIX 2.1 indicators)",
        body: importIocsBody,
        response: {
          200: importResultSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "TENANT_NOT_FOUND",
            "TENANT_MISMATCH",
            "IOC_IMPORT_INVALID",
          ),
        },
      },
    },
    async (req) => {
      const { tenant, tlp, source, ...data } = req.body;
      return importIocs(db, { actor: req.actor, data, tenant, tlp, source });
    },
  );
}
