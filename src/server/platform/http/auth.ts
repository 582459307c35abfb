import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import type { Rolle } from "../../../shared/organisation.js";
import type { Akteur } from "../../modules/access/access.types.js";
import {
  resolveApiToken,
  resolveSitzung,
  SESSION_COOKIE,
} from "../../modules/access/authentication.service.js";
import type { AppContext } from "../context.js";
import { AppError } from "../errors.js";

/**
 * Who may call a route, declared on the route itself and read from the matched route, never from
 * the URL string: `oeffentlich` (no login), `angemeldet` (any signed-in user; the service decides
 * about the object), or `{ rollen }` (signed in and holding one of these roles in some OE).
 */
export type Zugang = "oeffentlich" | "angemeldet" | { rollen: readonly Rolle[] };

/**
 * What an API token needs on a route besides `zugang`. By default a token of scope `lesen` may
 * call safe methods, `voll` everything. `posteingang`: intake tokens may call it too. `nie`: only a
 * browser session (own password, creating tokens): a leaked token cannot escalate itself.
 */
export type TokenRegel = "posteingang" | "nie";

/** Scopes an API token carries. */
export type TokenBereich = "lesen" | "posteingang" | "voll";

/** One row of the route table: what a test enumerates to check every route's access. */
export interface RoutenEintrag {
  methode: string;
  /** Route pattern as registered, e.g. `/api/v1/akten/:id`. */
  pfad: string;
  zugang: Zugang;
  token: TokenRegel | undefined;
}

declare module "fastify" {
  interface FastifyInstance {
    /** Every route of the app with its declared access (after `ready()`). */
    routenTabelle(): RoutenEintrag[];
  }
  interface FastifyRequest {
    /** The authenticated actor; set on every route that is not public. */
    actor: Akteur | null;
    /** The session's CSRF token when the request came with a session cookie. */
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Required on every route: `buildApp` refuses to start with a route that lacks it. */
    zugang?: Zugang;
    token?: TokenRegel;
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
export function actorOf(request: FastifyRequest): Akteur {
  if (!request.actor) throw new AppError("nicht_angemeldet");
  return request.actor;
}

/**
 * The start-up check: every route names its `zugang`. Plugin routes (API docs, static files) are
 * declared by the scope that registers them (`oeffentlicheRouten`).
 */
export function pruefeZugangErklaert(route: RouteOptions): void {
  const zugang = route.config?.zugang;
  const methods = Array.isArray(route.method) ? route.method.join(",") : route.method;
  if (zugang === undefined)
    throw new Error(`Route ${methods} ${route.url} erklärt keinen Zugang (config.zugang fehlt).`);
  if (typeof zugang === "object" && zugang.rollen.length === 0)
    throw new Error(`Route ${methods} ${route.url}: Zugang nach Rollen ohne Rolle.`);
}

/** The route table from the routes seen by `onRoute`: one row per method. */
export function routenTabelle(routes: readonly RouteOptions[]): RoutenEintrag[] {
  return routes.flatMap((route) =>
    (Array.isArray(route.method) ? route.method : [route.method]).map((methode) => ({
      methode,
      pfad: route.url,
      zugang: route.config?.zugang ?? "angemeldet",
      token: route.config?.token,
    })),
  );
}

/** Marks every route registered in this scope as public (API docs UI, the web client's files). */
export function oeffentlicheRouten(scope: FastifyInstance): void {
  scope.addHook("onRoute", (route) => {
    route.config = { ...(route.config ?? {}), zugang: "oeffentlich" };
  });
}

/** May a token of this scope call this route with this method? */
export function tokenDarf(bereich: TokenBereich, method: string, regel: TokenRegel | undefined): boolean {
  if (regel === "nie") return false;
  if (bereich === "voll") return true;
  if (bereich === "lesen") return SAFE_METHODS.has(method);
  return regel === "posteingang";
}

/**
 * Deny by default, decided by the matched route: every route needs a session cookie or a Bearer
 * token unless it is declared `oeffentlich`. Cookie-authenticated writes must carry the session's
 * CSRF token in `X-CSRF-Token`. A request that matched no route (404) reveals nothing and is let
 * through to the not-found handler, which serves the web client's shell or a 404 problem.
 */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest("actor", null);
  app.decorateRequest("csrfToken", null);
  app.addHook("onRequest", async (request) => {
    const { zugang, token } = request.routeOptions.config;
    const authorization = request.headers.authorization;
    const cookie = request.cookies[SESSION_COOKIE];
    if (zugang === undefined || zugang === "oeffentlich") {
      // Public routes still learn who asks when a valid session exists (e.g. login page, health).
      if (cookie) request.actor = (await resolveSitzung(ctx, cookie))?.actor ?? null;
      return;
    }
    let actor: Akteur;
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const tokenActor = match?.[1] ? await resolveApiToken(ctx, match[1]) : undefined;
      if (!tokenActor)
        throw new AppError("nicht_angemeldet", "Das API-Token ist ungültig, abgelaufen oder widerrufen.");
      if (!tokenDarf(tokenActor.tokenBereich ?? "voll", request.method, token))
        throw new AppError(
          "keine_berechtigung",
          token === "nie"
            ? "Das geht nur in einer angemeldeten Sitzung, nicht mit einem API-Token."
            : "Der Geltungsbereich dieses API-Tokens erlaubt diese Anfrage nicht.",
        );
      actor = tokenActor;
    } else {
      if (!cookie) throw new AppError("nicht_angemeldet");
      const session = await resolveSitzung(ctx, cookie);
      if (!session)
        throw new AppError(
          "nicht_angemeldet",
          "Die Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.",
        );
      if (
        !SAFE_METHODS.has(request.method) &&
        !sameToken(request.headers["x-csrf-token"], session.csrfToken)
      ) {
        throw new AppError(
          "csrf_token_fehlt",
          "Schreibende Anfragen aus dem Browser brauchen den Kopf X-CSRF-Token.",
        );
      }
      actor = session.actor;
      request.csrfToken = session.csrfToken;
    }
    if (
      typeof zugang === "object" &&
      !zugang.rollen.some((r) => actor.mitgliedschaften.some((m) => m.rolle === r))
    )
      throw new AppError("keine_berechtigung");
    request.actor = actor;
  });
}
