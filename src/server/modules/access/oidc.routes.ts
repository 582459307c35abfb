import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { SESSION_COOKIE } from "./authentication.service.js";
import * as oidc from "./oidc.service.js";
import { AnmeldeverfahrenSchema } from "./verzeichnis.schema.js";

/** Back to the login page, which explains `grund` in German. */
function zurAnmeldeseite(reply: FastifyReply, grund: oidc.OidcFehlergrund): FastifyReply {
  return reply.redirect(`/?oidc=${grund}`, 303);
}

function rohQuery(request: FastifyRequest): string {
  const i = request.url.indexOf("?");
  return i < 0 ? "" : request.url.slice(i + 1);
}

/** Sign-in through the county's OpenID provider (redirects, for the browser) and the offered methods. */
export function oidcRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const cookiePfad = "/api/v1/auth/oidc";

  app.get(
    "/auth/verfahren",
    {
      config: { zugang: "oeffentlich" },
      schema: {
        tags: ["Anmeldung"],
        summary: "Angebotene Anmeldeverfahren (für die Anmeldeseite)",
        response: { 200: AnmeldeverfahrenSchema, ...problemResponses() },
      },
    },
    async () => oidc.anmeldeverfahren(ctx),
  );

  app.get(
    "/auth/oidc/start",
    {
      config: { zugang: "oeffentlich" },
      schema: {
        tags: ["Anmeldung"],
        summary: "Anmeldung beim Anmeldedienst beginnen (Weiterleitung dorthin)",
        querystring: Type.Object(
          {
            zurueck: Type.Optional(Type.String({ maxLength: 2000, description: "Pfad nach der Anmeldung" })),
          },
          { additionalProperties: false },
        ),
        response: {
          303: Type.Null({
            description: "Weiterleitung zum Anmeldedienst oder bei einer Störung zur Anmeldeseite",
          }),
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      try {
        const start = await oidc.beginneOidcAnmeldung(ctx, request.query.zurueck);
        reply.setCookie(oidc.OIDC_COOKIE, start.cookie, {
          path: cookiePfad,
          httpOnly: true,
          sameSite: "lax",
          secure: request.protocol === "https",
          maxAge: start.maxAgeSekunden,
        });
        return reply.redirect(start.url, 303);
      } catch (error) {
        if (error instanceof oidc.OidcFehler) return zurAnmeldeseite(reply, error.grund);
        throw error;
      }
    },
  );

  app.get(
    "/auth/oidc/rueckkehr",
    {
      config: { zugang: "oeffentlich" },
      schema: {
        tags: ["Anmeldung"],
        summary: "Rückkehr vom Anmeldedienst (Redirect-URI): prüft und meldet an",
        // The provider adds what it likes (iss, session_state …); the raw query is checked.
        querystring: Type.Object(
          {
            code: Type.Optional(Type.String({ maxLength: 4000 })),
            state: Type.Optional(Type.String({ maxLength: 1000 })),
            error: Type.Optional(Type.String({ maxLength: 1000 })),
          },
          { additionalProperties: true },
        ),
        response: {
          303: Type.Null({
            description: "Angemeldet: weiter in Aktenwerk; sonst zur Anmeldeseite mit Grund",
          }),
          ...problemResponses(404),
        },
      },
    },
    async (request, reply) => {
      reply.clearCookie(oidc.OIDC_COOKIE, { path: cookiePfad });
      try {
        const result = await oidc.schliesseOidcAnmeldungAb(
          ctx,
          { query: rohQuery(request), cookie: request.cookies[oidc.OIDC_COOKIE] },
          { ip: request.ip, userAgent: request.headers["user-agent"] ?? null },
        );
        reply.setCookie(SESSION_COOKIE, result.sitzungToken, {
          path: "/",
          httpOnly: true,
          sameSite: "lax",
          secure: request.protocol === "https",
          expires: result.laeuftAbAm,
        });
        return reply.redirect(result.zurueck, 303);
      } catch (error) {
        if (error instanceof oidc.OidcFehler) return zurAnmeldeseite(reply, error.grund);
        throw error;
      }
    },
  );
}
