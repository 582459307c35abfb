import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import * as access from "./access.service.js";
import * as auth from "./authentication.service.js";
import * as konto from "./konto.service.js";
import type { Akteur } from "./access.types.js";
import {
  ApiTokenErstelltSchema,
  ApiTokenSchema,
  BenutzerAenderungSchema,
  BenutzerMitRollenSchema,
  BenutzerSchema,
  LoginSchema,
  MeSchema,
  MitgliedschaftEingabeSchema,
  MitgliedschaftSchema,
  NeueOrganisationseinheitSchema,
  NeuerBenutzerSchema,
  NeuesApiTokenSchema,
  OrganisationseinheitAenderungSchema,
  OrganisationseinheitSchema,
  PasswortSchema,
  RolleSchema,
  SitzungenBeendetSchema,
  SitzungSchema,
} from "./access.schema.js";

function me(actor: Akteur, csrfToken?: string) {
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

const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) });

export async function accessRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
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
      return me(result.actor, result.csrfToken);
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
    async (request) => me(actorOf(request), request.csrfToken ?? undefined),
  );

  // --- Organisationseinheiten ---

  app.get(
    "/organisationseinheiten",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Organisation"],
        summary: "Alle Organisationseinheiten",
        response: { 200: Type.Array(OrganisationseinheitSchema), ...problemResponses() },
      },
    },
    async (request) => access.listOrganisationseinheiten(ctx, actorOf(request)),
  );

  app.get(
    "/organisationseinheiten/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Organisation"],
        summary: "Eine Organisationseinheit (Id oder Kürzel)",
        params: IdParams,
        response: { 200: OrganisationseinheitSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      actorOf(request);
      return access.getOrganisationseinheit(ctx, request.params.id);
    },
  );

  app.post(
    "/organisationseinheiten",
    {
      config: { zugang: { rollen: ["Administration"] } },
      schema: {
        tags: ["Organisation"],
        summary: "Organisationseinheit anlegen (Administration)",
        body: NeueOrganisationseinheitSchema,
        response: { 201: OrganisationseinheitSchema, ...problemResponses(403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await access.createOrganisationseinheit(ctx, actorOf(request), request.body)),
  );

  app.patch(
    "/organisationseinheiten/:id",
    {
      config: { zugang: { rollen: ["Administration"] } },
      schema: {
        tags: ["Organisation"],
        summary: "Organisationseinheit ändern (Administration)",
        params: IdParams,
        body: OrganisationseinheitAenderungSchema,
        response: { 200: OrganisationseinheitSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) =>
      access.updateOrganisationseinheit(ctx, actorOf(request), request.params.id, request.body),
  );

  // --- Benutzer ---

  app.get(
    "/benutzer",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Organisation"],
        summary: "Benutzerverzeichnis",
        querystring: Type.Object(
          { oe: Type.Optional(Type.String({ maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(BenutzerSchema), ...problemResponses() },
      },
    },
    async (request) => access.listBenutzer(ctx, actorOf(request), { oe: request.query.oe }),
  );

  app.get(
    "/benutzer/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Organisation"],
        summary: "Ein Benutzer mit Mitgliedschaften (Id oder Benutzername)",
        params: IdParams,
        response: { 200: BenutzerMitRollenSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      actorOf(request);
      return access.getBenutzer(ctx, request.params.id);
    },
  );

  app.post(
    "/benutzer",
    {
      config: { zugang: { rollen: ["Administration"] } },
      schema: {
        tags: ["Organisation"],
        summary: "Benutzer anlegen (Administration)",
        body: NeuerBenutzerSchema,
        response: { 201: BenutzerMitRollenSchema, ...problemResponses(403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await access.createBenutzer(ctx, actorOf(request), request.body)),
  );

  app.patch(
    "/benutzer/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Organisation"],
        summary: "Benutzer ändern oder deaktivieren (Administration)",
        params: IdParams,
        body: BenutzerAenderungSchema,
        response: { 200: BenutzerSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) =>
      access.updateBenutzer(
        ctx,
        actorOf(request),
        (await access.getBenutzer(ctx, request.params.id)).id,
        request.body,
      ),
  );

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
        (await access.getBenutzer(ctx, request.params.id)).id,
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
        (await access.getBenutzer(ctx, request.params.id)).id,
      ),
    }),
  );

  // --- Eigene Sitzungen ---

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
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 204: Type.Null(), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await konto.beendeSitzung(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/benutzer/:id/mitgliedschaften",
    {
      config: { zugang: { rollen: ["Administration"] } },
      schema: {
        tags: ["Organisation"],
        summary: "Rolle in einer OE geben (Administration)",
        params: IdParams,
        body: MitgliedschaftEingabeSchema,
        response: { 200: Type.Array(MitgliedschaftSchema), ...problemResponses(403, 404) },
      },
    },
    async (request) =>
      access.addMitgliedschaft(
        ctx,
        actorOf(request),
        (await access.getBenutzer(ctx, request.params.id)).id,
        request.body,
      ),
  );

  app.delete(
    "/benutzer/:id/mitgliedschaften",
    {
      config: { zugang: { rollen: ["Administration"] } },
      schema: {
        tags: ["Organisation"],
        summary: "Rolle in einer OE entziehen (Administration)",
        params: IdParams,
        querystring: Type.Object(
          { oe: Type.String({ minLength: 1, maxLength: 100 }), rolle: RolleSchema },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(MitgliedschaftSchema), ...problemResponses(403, 404, 409) },
      },
    },
    async (request) =>
      access.removeMitgliedschaft(
        ctx,
        actorOf(request),
        (await access.getBenutzer(ctx, request.params.id)).id,
        request.query,
      ),
  );

  // --- API tokens ---

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
        ? (await access.getBenutzer(ctx, request.query.benutzer)).id
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
