import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { Akteur } from "../../platform/akteur.js";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { SAFE_METHODS, tokenDarf } from "../../platform/http/zugang.js";
import { resolveApiToken, resolveSitzung, SESSION_COOKIE } from "./authentication.service.js";

function sameToken(sent: string | string[] | undefined, expected: string): boolean {
  if (typeof sent !== "string") return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
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
      // Public routes still learn who asks when a valid session exists (e.g. the web client's
      // shell, which embeds the signed-in person with the session's CSRF token; health).
      if (cookie) {
        const session = await resolveSitzung(ctx, cookie);
        request.actor = session?.actor ?? null;
        request.csrfToken = session?.csrfToken ?? null;
      }
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
