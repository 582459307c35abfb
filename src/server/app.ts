import { randomUUID } from "node:crypto";
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { accessRoutes } from "./modules/access/access.routes.js";
import { aktenRoutes } from "./modules/akten/akten.routes.js";
import { aktenplanRoutes } from "./modules/aktenplan/aktenplan.routes.js";
import { dokumenteRoutes } from "./modules/dokumente/dokumente.routes.js";
import { vorgaengeRoutes } from "./modules/vorgaenge/vorgaenge.routes.js";
import { protokollRoutes } from "./modules/protokoll/protokoll.routes.js";
import type { AppContext } from "./platform/context.js";
import { registerAuthentication } from "./platform/http/auth.js";
import { healthRoutes } from "./platform/http/health.routes.js";
import { registerProblemHandlers } from "./platform/http/problem.js";
import { ProblemSchema } from "./platform/http/schemas.js";
import { validatorCompiler } from "./platform/http/validation.js";
import { version } from "./platform/paths.js";

/** JSON request bodies above this are refused with 413 (uploads use multipart and their own limit). */
export const JSON_BODY_LIMIT = 1024 * 1024;

/**
 * The composition root: external plugins, then our hooks (auth, errors), then the API modules.
 * Everything a request needs comes from `ctx`, so tests build the same app around a test context.
 */
export async function buildApp(ctx: AppContext): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    loggerInstance: ctx.log as FastifyBaseLogger,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: ctx.config.trustProxy,
    genReqId: () => randomUUID(),
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });
  app.setValidatorCompiler(validatorCompiler);

  // The API docs are public; registered routes under /api/docs are marked so before they exist.
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/api/docs")) route.config = { ...(route.config ?? {}), oeffentlich: true };
  });

  await app.register(cookie);
  // Uploads stream part by part; per-route limits are set where the parts are read.
  await app.register(multipart, {
    limits: { fileSize: ctx.config.maxUploadBytes + 1, files: 1, fields: 10 },
  });
  app.addSchema(ProblemSchema);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Aktenwerk API",
        version,
        description:
          "E-Akte und elektronische Vorgangsbearbeitung. Fehler sind RFC-9457-Problem-Details mit deutschem Titel. " +
          "Anmeldung per Sitzungs-Cookie (Browser, schreibende Anfragen mit Kopf X-CSRF-Token) oder per API-Token " +
          "(Authorization: Bearer akw_…).",
        license: { name: "EUPL-1.2", identifier: "EUPL-1.2" },
      },
      components: {
        securitySchemes: {
          sitzung: { type: "apiKey", in: "cookie", name: "aktenwerk_sitzung" },
          token: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ sitzung: [] }, { token: [] }],
    },
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: true });

  app.addHook("onSend", async (request, reply) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "same-origin");
    reply.header("x-frame-options", "DENY");
    if (!reply.hasHeader("content-security-policy")) {
      reply.header("content-security-policy", "default-src 'none'; frame-ancestors 'none'");
    }
    if (request.url.startsWith("/api/") && !reply.hasHeader("cache-control"))
      reply.header("cache-control", "no-store");
  });

  registerAuthentication(app, ctx);
  registerProblemHandlers(app);

  await app.register(
    async (api) => {
      await api.register(healthRoutes, { ctx });
      await api.register(accessRoutes, { ctx });
      await api.register(protokollRoutes, { ctx });
      await api.register(aktenplanRoutes, { ctx });
      await api.register(aktenRoutes, { ctx });
      await api.register(vorgaengeRoutes, { ctx });
      await api.register(dokumenteRoutes, { ctx });
    },
    { prefix: "/api/v1" },
  );

  app.get("/api/docs/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  return app;
}
