import { z } from "zod";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { papLevels, tlpLevels } from "../marking/marking.ts";
import { rsit } from "./rsit.ts";

export function taxonomyRoutes(app: HttpServer): void {
  app.get(
    "/api/taxonomies",
    {
      schema: {
        tags: ["taxonomies"],
        summary: "RSIT classes and types, TLP and PAP levels",
        response: {
          200: z.object({
            rsit: z.object({
              version: z.number(),
              classes: z.array(
                z.object({
                  value: z.string(),
                  label: z.string(),
                  types: z.array(
                    z.object({ value: z.string(), label: z.string(), description: z.string() }),
                  ),
                }),
              ),
            }),
            tlp: z.array(z.string()),
            pap: z.array(z.string()),
          }),
          ...errorResponses("UNAUTHENTICATED"),
        },
      },
    },
    async () => ({ rsit, tlp: [...tlpLevels], pap: [...papLevels] }),
  );
}
