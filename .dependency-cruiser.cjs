/**
 * Layer rules (see ARCHITECTURE.md):
 *   cli → app → modules → platform
 * Use cases never touch HTTP; HTTP handlers never touch the database client.
 */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      from: {},
      to: { circular: true, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "platform-is-the-bottom-layer",
      comment: "platform/ is plumbing; it knows nothing of domains, the app or clients.",
      severity: "error",
      from: { path: "^src/platform/" },
      to: { path: "^src/(modules|app|cli)/" },
    },
    {
      name: "modules-do-not-know-the-app",
      severity: "error",
      from: { path: "^src/modules/" },
      to: { path: "^src/(app|cli)/" },
    },
    {
      name: "use-cases-never-import-http",
      comment: "Only *.routes.ts and the request-auth hook may speak HTTP.",
      severity: "error",
      from: {
        path: "^src/modules/",
        pathNot: ["\\.routes\\.ts$", "\\.test\\.ts$", "/request-auth\\.ts$"],
      },
      to: {
        path: ["^node_modules/(fastify|@fastify)/", "^src/platform/http/"],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "handlers-never-import-the-db-client",
      comment: "Routes call use cases; they may name the Db type but not query.",
      severity: "error",
      from: { path: "\\.routes\\.ts$" },
      to: {
        path: ["^node_modules/drizzle-orm/", "^src/platform/db/client\\.ts$", "\\.tables\\.ts$"],
        dependencyTypesNot: ["type-only"],
      },
    },
    {
      name: "cli-speaks-the-api",
      comment: "The CLI goes through the HTTP API (socket or in-process), never around it.",
      severity: "error",
      from: { path: "^src/cli/" },
      to: { path: "^src/modules/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    parser: "swc",
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    exclude: { path: "\\.test\\.ts$" },
  },
};
