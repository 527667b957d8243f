import { z } from "zod";
import type { Db } from "../../platform/db/client.ts";
import type { HttpServer } from "../../platform/http/create-http-server.ts";
import { errorResponses } from "../../platform/http/error-envelope.ts";
import { expectedVersion, setEtag } from "../../platform/http/versioning.ts";
import { assetViewSchema, toAssetView } from "./asset-view.ts";
import {
  assetIdParams,
  createAssetBody,
  listAssetsQuery,
  updateAssetBody,
} from "./assets.schemas.ts";
import { listAssets } from "./list-assets.ts";
import { loadVisibleAsset } from "./load-visible-asset.ts";
import { createAsset, deleteAsset, updateAsset } from "./save-asset.ts";

const tags = ["assets"];
const notFound = errorResponses("UNAUTHENTICATED", "FORBIDDEN", "ASSET_NOT_FOUND");

export function assetRoutes(app: HttpServer, db: Db): void {
  app.get(
    "/api/assets",
    {
      schema: {
        tags,
        summary: "Assets of the caller's tenants, with their criticality",
        querystring: listAssetsQuery,
        response: {
          200: z.object({ items: z.array(assetViewSchema) }),
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN"),
        },
      },
    },
    async (req) => ({ items: await listAssets(db, { actor: req.actor, ...req.query }) }),
  );

  app.post(
    "/api/assets",
    {
      schema: {
        tags,
        summary: "Add an asset",
        body: createAssetBody,
        response: {
          201: assetViewSchema,
          ...errorResponses("UNAUTHENTICATED", "FORBIDDEN", "TENANT_NOT_FOUND", "ASSET_NAME_TAKEN"),
        },
      },
    },
    async (req, reply) => {
      const { tenant, ...fields } = req.body;
      const asset = await createAsset(db, { actor: req.actor, tenant, fields });
      setEtag(reply, asset.version);
      return reply.code(201).send(asset);
    },
  );

  app.get(
    "/api/assets/:id",
    {
      schema: {
        tags,
        summary: "Read one asset",
        params: assetIdParams,
        response: { 200: assetViewSchema, ...notFound },
      },
    },
    async (req, reply) => {
      const asset = toAssetView(await loadVisibleAsset(db, req.actor, req.params.id));
      setEtag(reply, asset.version);
      return asset;
    },
  );

  app.patch(
    "/api/assets/:id",
    {
      schema: {
        tags,
        summary: "Edit an asset; requires If-Match or version",
        params: assetIdParams,
        body: updateAssetBody,
        response: {
          200: assetViewSchema,
          ...errorResponses(
            "UNAUTHENTICATED",
            "FORBIDDEN",
            "ASSET_NOT_FOUND",
            "VERSION_CONFLICT",
            "PRECONDITION_REQUIRED",
            "ASSET_NAME_TAKEN",
          ),
        },
      },
    },
    async (req, reply) => {
      const { version, ...patch } = req.body;
      const asset = await updateAsset(db, {
        actor: req.actor,
        id: req.params.id,
        expectedVersion: expectedVersion(req, version),
        patch,
      });
      setEtag(reply, asset.version);
      return asset;
    },
  );

  app.delete(
    "/api/assets/:id",
    {
      schema: {
        tags,
        summary: "Remove an asset; answers with what was removed",
        params: assetIdParams,
        response: { 200: assetViewSchema, ...notFound },
      },
    },
    async (req) => deleteAsset(db, { actor: req.actor, id: req.params.id }),
  );
}
