import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import cookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import multipart from "@fastify/multipart";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyRequest,
  type RouteOptions,
} from "fastify";
import { accessRoutes, registerAuthentication } from "./modules/access/index.js";
import {
  aktenRoutes,
  dokumenteRoutes,
  vorgaengeRoutes,
  schwaerzeProtokoll,
} from "./modules/schriftgut/index.js";
import { aktenplanRoutes } from "./modules/aktenplan/index.js";
import { posteingangRoutes } from "./modules/posteingang/index.js";
import { protokollRoutes } from "./modules/protokoll/index.js";
import { auswahlRoutes, gespeicherteSuchenRoutes, sucheRoutes } from "./modules/suche/index.js";
import { workflowRoutes } from "./modules/workflow/index.js";
import { aussonderungRoutes } from "./modules/aussonderung/index.js";
import { steuerungRoutes } from "./modules/steuerung/index.js";
import type { AppContext } from "./platform/context.js";
import { oeffentlicheRouten, pruefeZugangErklaert, routenTabelle } from "./platform/http/zugang.js";
import { diagnoseRoutes, healthRoutes } from "./platform/http/health.routes.js";
import { frameworkFehler, registerProblemHandlers } from "./platform/http/problem.js";
import { ProblemSchema } from "./platform/http/schemas.js";
import { bereinigeEingabe, validatorCompiler } from "./platform/http/validation.js";
import { packageRoot, version } from "./platform/paths.js";
import { webHuelle } from "./web-huelle.js";

/** JSON request bodies above this are refused with 413 (uploads use multipart and their own limit). */
export const JSON_BODY_LIMIT = 1024 * 1024;

/** The built web client (`npm run build`); the server runs without it (API only). */
export const WEB_DIR = path.join(packageRoot, "dist", "web");

/** The web client's policy: only our own origin, no eval, no inline scripts (pdf.js runs with eval off). */
const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

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
    frameworkErrors: frameworkFehler,
  });
  app.setValidatorCompiler(validatorCompiler);

  // Every route declares who may call it; the check runs once all scopes have added theirs.
  const routes: RouteOptions[] = [];
  app.addHook("onRoute", (route) => void routes.push(route));
  app.addHook("onReady", async () => routes.forEach(pruefeZugangErklaert));
  app.decorate("routenTabelle", () => routenTabelle(routes));

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
  // The API docs and the web client's files are public; data is only under /api/v1 behind login.
  await app.register(async (scope) => {
    oeffentlicheRouten(scope);
    await scope.register(swaggerUi, { routePrefix: "/api/docs", staticCSP: true });
  });

  app.addHook("onSend", async (request, reply) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "same-origin");
    reply.header("x-frame-options", "DENY");
    if (!reply.hasHeader("content-security-policy")) {
      reply.header(
        "content-security-policy",
        request.url.startsWith("/api/") ? "default-src 'none'; frame-ancestors 'none'" : WEB_CSP,
      );
    }
    if (request.url.startsWith("/api/") && !reply.hasHeader("cache-control"))
      reply.header("cache-control", "no-store");
  });

  // The one input rule, before schema validation: NFC, no control characters (German 400).
  app.addHook("preValidation", async (request) => {
    if (request.params) request.params = bereinigeEingabe(request.params, "params:", true);
    if (request.query) request.query = bereinigeEingabe(request.query, "query:", true);
    if (request.body !== undefined && !request.isMultipart())
      request.body = bereinigeEingabe(request.body, "");
  });

  registerAuthentication(app, ctx);
  // The web client's shell for every page address (with the signed-in person embedded).
  const huelle = existsSync(path.join(WEB_DIR, "index.html"))
    ? webHuelle(WEB_DIR, {
        holen: (request, pfad) => alsLeser(app, request, pfad),
        fristMs: ctx.config.vorabFristMs,
      })
    : undefined;
  registerProblemHandlers(app, huelle);

  await app.register(
    async (api) => {
      await api.register(healthRoutes, { ctx });
      await api.register(diagnoseRoutes, { ctx });
      await api.register(accessRoutes, { ctx });
      await api.register(protokollRoutes, {
        ctx,
        schwaerze: (actor, eintraege) => schwaerzeProtokoll(ctx, actor, eintraege),
      });
      await api.register(aktenplanRoutes, { ctx });
      await api.register(aktenRoutes, { ctx });
      await api.register(vorgaengeRoutes, { ctx });
      await api.register(dokumenteRoutes, { ctx });
      await api.register(sucheRoutes, { ctx });
      await api.register(auswahlRoutes, { ctx });
      await api.register(gespeicherteSuchenRoutes, { ctx });
      await api.register(posteingangRoutes, { ctx });
      await api.register(workflowRoutes, { ctx });
      await api.register(aussonderungRoutes, { ctx });
      await api.register(steuerungRoutes, { ctx });
    },
    { prefix: "/api/v1" },
  );

  app.get("/api/docs/openapi.json", { config: { zugang: "oeffentlich" }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  if (huelle) {
    // fastify-static serves only the built client's files, so its routes are public, and never
    // under /api/; pages (/, /akten/…) get the shell from `huelle`.
    app.addHook("onRoute", (route) => {
      if (route.config?.zugang === undefined && !route.url.startsWith("/api/"))
        route.config = { ...(route.config ?? {}), zugang: "oeffentlich" };
    });
    await app.register(fastifyStatic, {
      root: WEB_DIR,
      prefix: "/",
      index: false,
      wildcard: true,
      preCompressed: true,
      // Hashed assets never change; the shell must always be fresh.
      setHeaders: (reply, file) =>
        reply.header(
          "cache-control",
          file.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache",
        ),
    });
    app.get("/", { config: { zugang: "oeffentlich" }, schema: { hide: true } }, huelle);
  }
  return app;
}

/**
 * GETs an API path through the app's own routes as the reader of `request`: the same session
 * cookie, address and device, so authentication, the permission check, the Protokoll and the
 * device figures are exactly those of the browser asking. Only a 200 with JSON is returned.
 */
async function alsLeser(app: FastifyInstance, request: FastifyRequest, pfad: string): Promise<unknown> {
  const kopf = (name: string) => {
    const wert = request.headers[name];
    return typeof wert === "string" ? { [name]: wert } : {};
  };
  const antwort = await app.inject({
    method: "GET",
    url: pfad,
    remoteAddress: request.socket.remoteAddress,
    headers: {
      ...kopf("cookie"),
      ...kopf("user-agent"),
      ...kopf("accept-language"),
      ...kopf("x-forwarded-for"),
      ...kopf("x-forwarded-proto"),
      accept: "application/json",
    },
  });
  if (
    antwort.statusCode !== 200 ||
    !String(antwort.headers["content-type"] ?? "").startsWith("application/json")
  )
    return undefined;
  return antwort.json();
}
