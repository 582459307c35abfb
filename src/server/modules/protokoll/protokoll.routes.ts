import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/auth.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { listProtokoll } from "./protokoll.service.js";

const EintragSchema = Type.Object({
  nr: Type.Integer(),
  zeit: Type.String({ format: "date-time" }),
  akteurId: Type.Union([Type.String(), Type.Null()]),
  akteurName: Type.String(),
  imAuftragVonId: Type.Union([Type.String(), Type.Null()]),
  imAuftragVonName: Type.Union([Type.String(), Type.Null()], {
    description: "Vertretene Person, wenn i. V. gehandelt wurde",
  }),
  aktion: Type.String(),
  objektArt: Type.String(),
  objektId: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  vorherigerHash: Type.String(),
  hash: Type.String(),
});

export async function protokollRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/protokoll",
    {
      config: { zugang: { rollen: ["Administration", "Datenschutz"] } },
      schema: {
        tags: ["Protokoll"],
        summary: "Protokolleinträge, neueste zuerst (Administration, Datenschutz)",
        querystring: Type.Object(
          {
            objekt: Type.Optional(
              Type.String({ minLength: 1, maxLength: 200, description: "Id des Objekts" }),
            ),
            objektArt: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            akteur: Type.Optional(
              Type.String({ format: "uuid", description: "Id des handelnden Benutzers" }),
            ),
            vor: Type.Optional(
              Type.Integer({ minimum: 1, description: "Cursor: Einträge vor dieser Nummer" }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            eintraege: Type.Array(EintragSchema),
            naechsteSeite: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...problemResponses(403),
        },
      },
    },
    async (request) => listProtokoll(ctx.db, actorOf(request), request.query),
  );
}
