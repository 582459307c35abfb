import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import * as access from "./access.service.js";
import { anmeldungRoutes, apiTokenRoutes, kontoRoutes } from "./anmeldung.routes.js";
import { oidcRoutes } from "./oidc.routes.js";
import { verzeichnisabgleichRoutes } from "./verzeichnisabgleich.routes.js";
import { verzeichnisRoutes } from "./verzeichnis.routes.js";
import { zweiterFaktorRoutes } from "./zweiter-faktor.routes.js";
import {
  BenutzerAenderungSchema,
  BenutzerMitRollenSchema,
  BenutzerSchema,
  IdParams,
  MitgliedschaftEingabeSchema,
  MitgliedschaftSchema,
  NeueOrganisationseinheitSchema,
  NeuerBenutzerSchema,
  OrganisationseinheitAenderungSchema,
  OrganisationseinheitSchema,
  RolleSchema,
} from "./access.schema.js";

/**
 * The access routes, resource by resource, registered in the order the API document lists them:
 * Anmeldung, Organisationseinheiten, Benutzer, Passwort and Sitzungen, Mitgliedschaften, API-Tokens
 * (Anmeldung, Konto and API-Tokens in anmeldung.routes.ts).
 */
export async function accessRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  anmeldungRoutes(fastify, ctx);
  oidcRoutes(fastify, ctx);
  verzeichnisRoutes(fastify, ctx);
  organisationseinheitRoutes(fastify, ctx);
  benutzerRoutes(fastify, ctx);
  kontoRoutes(fastify, ctx);
  zweiterFaktorRoutes(fastify, ctx);
  mitgliedschaftRoutes(fastify, ctx);
  apiTokenRoutes(fastify, ctx);
  verzeichnisabgleichRoutes(fastify, ctx);
}

/** The Organisationseinheiten: everyone reads them, the Administration keeps them. */
function organisationseinheitRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

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
}

/** The Benutzerverzeichnis: everyone reads it, the Administration keeps it. */
function benutzerRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

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
        await access.benutzerIdZu(ctx, request.params.id),
        request.body,
      ),
  );
}

/** A user's roles in OEs (Administration). */
function mitgliedschaftRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

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
        await access.benutzerIdZu(ctx, request.params.id),
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
        await access.benutzerIdZu(ctx, request.params.id),
        request.query,
      ),
  );
}
