import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type, type Static } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import type { Akteur } from "./access.types.js";
import * as access from "./access.service.js";
import * as auth from "./authentication.service.js";
import * as konto from "./konto.service.js";
import {
  ApiTokenErstelltSchema,
  ApiTokenSchema,
  IdParams,
  LoginSchema,
  MeSchema,
  NeuesApiTokenSchema,
  PasswortSchema,
  SitzungenBeendetSchema,
  SitzungSchema,
} from "./access.schema.js";

/**
 * The signed-in person as GET /auth/me and the login answer it (and the web client's shell
 * embeds it, see `src/server/web-huelle.ts`).
 */
export function meAntwort(actor: Akteur, csrfToken?: string): Static<typeof MeSchema> {
  const oes = new Map(
    actor.mitgliedschaften.map((m) => [m.oeId, { id: m.oeId, kuerzel: m.oeKuerzel, name: m.oeName }]),
  );
  return {
    benutzer: actor.benutzer,
    mitgliedschaften: actor.mitgliedschaften,
    rollen: [...new Set(actor.mitgliedschaften.map((m) => m.rolle))],
    organisationseinheiten: [...oes.values()],
    anmeldung: actor.via,
    ...(csrfToken ? { csrfToken } : {}),
  };
}

/** Signing in and out, and who is signed in. */
export function anmeldungRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/auth/login",
    {
      config: { zugang: "oeffentlich" },
      schema: {
        tags: ["Anmeldung"],
        summary: "Anmelden mit Benutzername und Passwort",
        body: LoginSchema,
        response: { 200: MeSchema, ...problemResponses(429) },
      },
    },
    async (request, reply) => {
      const result = await auth.login(ctx, request.body, {
        ip: request.ip,
        userAgent: request.headers["user-agent"] ?? null,
      });
      reply.setCookie(auth.SESSION_COOKIE, result.sitzungToken, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: request.protocol === "https",
        expires: result.laeuftAbAm,
      });
      return meAntwort(result.actor, result.csrfToken);
    },
  );

  app.post(
    "/auth/logout",
    {
      config: { zugang: "angemeldet", token: "nie" },
      schema: {
        tags: ["Anmeldung"],
        summary: "Abmelden (beendet die Sitzung)",
        response: { 204: Type.Null(), ...problemResponses() },
      },
    },
    async (request, reply) => {
      await auth.logout(ctx, actorOf(request));
      reply.clearCookie(auth.SESSION_COOKIE, { path: "/" });
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/auth/me",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Anmeldung"],
        summary: "Der angemeldete Benutzer mit OEs und Rollen",
        response: { 200: MeSchema, ...problemResponses() },
      },
    },
    async (request) => meAntwort(actorOf(request), request.csrfToken ?? undefined),
  );
}

/** A person's password and browser sessions (the Administration may end anyone's). */
export function kontoRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.put(
    "/benutzer/:id/passwort",
    {
      config: { zugang: "angemeldet", token: "nie" },
      schema: {
        tags: ["Organisation"],
        summary:
          "Passwort ändern (selbst, mit dem bisherigen) oder zurücksetzen (Administration); beendet andere Sitzungen und widerruft alle API-Tokens",
        params: IdParams,
        body: PasswortSchema,
        response: { 204: Type.Null(), ...problemResponses(403, 404, 429) },
      },
    },
    async (request, reply) => {
      await konto.setzePasswort(
        ctx,
        actorOf(request),
        await access.benutzerIdZu(ctx, request.params.id),
        request.body,
        { ip: request.ip, userAgent: request.headers["user-agent"] ?? null },
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/benutzer/:id/sitzungen-beenden",
    {
      config: { zugang: { rollen: ["Administration"] }, token: "nie" },
      schema: {
        tags: ["Organisation"],
        summary: "Alle Sitzungen eines Benutzers beenden (Administration)",
        params: IdParams,
        response: { 200: SitzungenBeendetSchema, ...problemResponses(403, 404) },
      },
    },
    async (request) => ({
      beendet: await konto.beendeAlleSitzungen(
        ctx,
        actorOf(request),
        await access.benutzerIdZu(ctx, request.params.id),
      ),
    }),
  );

  app.get(
    "/sitzungen",
    {
      config: { zugang: "angemeldet", token: "nie" },
      schema: {
        tags: ["Anmeldung"],
        summary: "Eigene Sitzungen (angemeldete Browser), die aktuelle markiert",
        response: { 200: Type.Array(SitzungSchema), ...problemResponses() },
      },
    },
    async (request) => konto.listSitzungen(ctx, actorOf(request)),
  );

  app.delete(
    "/sitzungen/:id",
    {
      config: { zugang: "angemeldet", token: "nie" },
      schema: {
        tags: ["Anmeldung"],
        summary: "Sitzung beenden (nur eigene)",
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await konto.beendeSitzung(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

/** API tokens for Fachverfahren and scripts: created and revoked only from a browser session. */
export function apiTokenRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/api-tokens",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Anmeldung"],
        summary: "API-Tokens (eigene; Administration: eines Benutzers)",
        querystring: Type.Object(
          { benutzer: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(ApiTokenSchema), ...problemResponses(403) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const benutzerId = request.query.benutzer
        ? await access.benutzerIdZu(ctx, request.query.benutzer)
        : undefined;
      return auth.listApiTokens(ctx, actor, benutzerId);
    },
  );

  app.post(
    "/api-tokens",
    {
      config: { zugang: "angemeldet", token: "nie" },
      schema: {
        tags: ["Anmeldung"],
        summary: "API-Token erzeugen (wird nur einmal angezeigt)",
        body: NeuesApiTokenSchema,
        response: { 201: ApiTokenErstelltSchema, ...problemResponses(403, 404) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const result = await auth.createApiToken(ctx, actor, {
        benutzer: request.body.benutzer ?? actor.benutzer.id,
        name: request.body.name,
        laeuftAbAm: request.body.laeuftAbAm ? new Date(request.body.laeuftAbAm) : null,
        bereich: request.body.bereich ?? "voll",
      });
      return reply.code(201).send(result);
    },
  );

  app.delete(
    "/api-tokens/:id",
    {
      config: { zugang: "angemeldet", token: "nie" },
      schema: {
        tags: ["Anmeldung"],
        summary: "API-Token widerrufen",
        params: Type.Object({ id: Type.String({ format: "uuid" }) }),
        response: { 204: Type.Null(), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await auth.revokeApiToken(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
