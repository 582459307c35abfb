import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Actor } from "../../modules/access/access.types.js";
import {
  resolveApiToken,
  resolveSitzung,
  SESSION_COOKIE,
} from "../../modules/access/authentication.service.js";
import type { AppContext } from "../context.js";
import { AppError } from "../errors.js";

declare module "fastify" {
  interface FastifyRequest {
    /** The authenticated actor; set on every route that is not marked public. */
    actor: Actor | null;
    /** The session's CSRF token when the request came with a session cookie. */
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (login, health, API docs). Everything else is denied by default. */
    oeffentlich?: boolean;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

function sameToken(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== "string") return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The actor of a request on a protected route. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError("nicht_angemeldet");
  return request.actor;
}

/**
 * Deny by default: every route needs a session cookie or a Bearer token unless its config says
 * `oeffentlich`. Cookie-authenticated writes must carry the session's CSRF token in `X-CSRF-Token`.
 */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest("actor", null);
  app.decorateRequest("csrfToken", null);
  app.addHook("onRequest", async (request) => {
    const authorization = request.headers.authorization;
    const cookie = request.cookies[SESSION_COOKIE];
    if (request.routeOptions.config.oeffentlich || !request.url.startsWith("/api/")) {
      // Public routes still learn who asks when a valid session exists (e.g. login page, health).
      if (cookie) request.actor = (await resolveSitzung(ctx, cookie))?.actor ?? null;
      return;
    }
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const actor = match?.[1] ? await resolveApiToken(ctx, match[1]) : undefined;
      if (!actor)
        throw new AppError("nicht_angemeldet", "Das API-Token ist ungültig, abgelaufen oder widerrufen.");
      request.actor = actor;
      return;
    }
    if (!cookie) throw new AppError("nicht_angemeldet");
    const session = await resolveSitzung(ctx, cookie);
    if (!session)
      throw new AppError("nicht_angemeldet", "Die Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.");
    if (!SAFE_METHODS.has(request.method) && !sameToken(request.headers["x-csrf-token"], session.csrfToken)) {
      throw new AppError(
        "csrf_token_fehlt",
        "Schreibende Anfragen aus dem Browser brauchen den Kopf X-CSRF-Token.",
      );
    }
    request.actor = session.actor;
    request.csrfToken = session.csrfToken;
  });
}
