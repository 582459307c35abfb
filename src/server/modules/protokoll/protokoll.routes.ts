import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import type { Akteur } from "../../platform/akteur.js";
import { listProtokoll } from "./protokoll.service.js";
import type { ProtokollEintrag } from "./protokoll.types.js";

/**
 * Reduces entries to what the reader may see of the objects they are about. The Protokoll is the
 * lowest layer and knows no Akten: the composition root passes the Akten module's rule in.
 */
export type ProtokollSchwaerzung = (
  actor: Akteur,
  eintraege: ProtokollEintrag[],
) => Promise<ProtokollEintrag[]>;

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

export async function protokollRoutes(
  fastify: FastifyInstance,
  { ctx, schwaerze }: { ctx: AppContext; schwaerze: ProtokollSchwaerzung },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/protokoll",
    {
      config: { zugang: { rollen: ["Administration", "Datenschutz"] } },
      schema: {
        tags: ["Protokoll"],
        summary: "Protokolleinträge, neueste zuerst (Administration, Datenschutz)",
        description:
          "Jeder Eintrag erscheint (wer, wann, was, an welchem Objekt). Die Einzelheiten eines Eintrags zu einer Akte, deren Inhalt die lesende Person nicht sehen darf (Betreff, Titel, Dateinamen, Absender), sind auf die Id der Akte gekürzt.",
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
    async (request) => {
      const actor = actorOf(request);
      const seite = await listProtokoll(ctx.db, actor, request.query);
      return { ...seite, eintraege: await schwaerze(actor, seite.eintraege) };
    },
  );
}
