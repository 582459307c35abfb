import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { SuchErgebnisSchema } from "./suche.schema.js";
import { suche } from "./suche.service.js";

export async function sucheRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/suche",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Suche"],
        summary: "Volltextsuche über Dokumente (nur was der Benutzer lesen darf)",
        querystring: Type.Object(
          {
            q: Type.String({
              minLength: 1,
              maxLength: 10_000,
              description: "Suchbegriffe; Aktenzeichen und fremde Geschäftszeichen werden genau gefunden",
            }),
            aktenplaneinheit: Type.Optional(Type.String({ maxLength: 40 })),
            oe: Type.Optional(Type.String({ maxLength: 20 })),
            typ: Type.Optional(Type.String({ maxLength: 20 })),
            status: Type.Optional(Type.Enum(["in_bearbeitung", "zda"] as const)),
            jahr: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2999 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
            offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 980, default: 0 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SuchErgebnisSchema, ...problemResponses() },
      },
    },
    async (request) => {
      const { q, limit, offset, ...filter } = request.query;
      return suche(ctx, actorOf(request), q, filter, { limit: limit ?? 20, offset: offset ?? 0 });
    },
  );
}
