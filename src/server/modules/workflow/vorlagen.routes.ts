import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import * as vorlagen from "./vorlagen.service.js";
import { LaufwegvorlageSchema, SchrittEingabeSchema, ZeichnungsbefugnisSchema } from "./workflow.schema.js";

const Id = Type.Object({ id: Type.String({ format: "uuid" }) });
const G = ["Geschäftsgang"];

/** Zeichnungsbefugnisse. */
export function zeichnungsbefugnisRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/zeichnungsbefugnisse",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary: "Regeln der Zeichnungsbefugnis",
        response: { 200: Type.Array(ZeichnungsbefugnisSchema) },
      },
    },
    async () => vorlagen.listZeichnungsbefugnisse(ctx),
  );

  app.post(
    "/zeichnungsbefugnisse",
    {
      config: { zugang: { rollen: ["Administration"] } },
      schema: {
        tags: G,
        summary: "Zeichnungsbefugnis festlegen (Rolle, optional OE und Teil des Aktenplans)",
        body: Type.Object(
          {
            rolle: Type.Enum(["Sachbearbeitung", "Leitung"] as const),
            oe: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
            aktenplanPraefix: Type.Optional(
              Type.Union([Type.String({ minLength: 1, maxLength: 50 }), Type.Null()]),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 201: ZeichnungsbefugnisSchema, ...problemResponses(403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await vorlagen.legeZeichnungsbefugnisAn(ctx, actorOf(request), request.body)),
  );

  app.delete(
    "/zeichnungsbefugnisse/:id",
    {
      config: { zugang: { rollen: ["Administration"] } },
      schema: {
        tags: G,
        summary: "Zeichnungsbefugnis entfernen",
        params: Id,
        response: { 204: Type.Null(), ...problemResponses(403, 404) },
      },
    },
    async (request, reply) => {
      await vorlagen.loescheZeichnungsbefugnis(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

/** Laufwegvorlagen. */
export function laufwegvorlageRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/laufwegvorlagen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary: "Laufwegvorlagen (mit `vorgang` nur die passenden)",
        querystring: Type.Object(
          { vorgang: Type.Optional(Type.String({ format: "uuid" })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(LaufwegvorlageSchema), ...problemResponses(404) },
      },
    },
    async (request) => vorlagen.listLaufwegvorlagen(ctx, actorOf(request), request.query),
  );

  app.post(
    "/laufwegvorlagen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary: "Laufwegvorlage anlegen (je OE oder Aktenplaneinheit)",
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            oe: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
            aktenplanPraefix: Type.Optional(
              Type.Union([Type.String({ minLength: 1, maxLength: 50 }), Type.Null()]),
            ),
            zeichnungVorAbgang: Type.Optional(Type.Boolean()),
            schritte: Type.Array(SchrittEingabeSchema, { minItems: 1, maxItems: 100 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: LaufwegvorlageSchema, ...problemResponses(403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await vorlagen.legeLaufwegvorlageAn(ctx, actorOf(request), request.body)),
  );
}
