import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import type { Akteur } from "../../platform/akteur.js";
import { listProtokoll } from "./protokoll.service.js";
import { ProtokollFilterSchema, ProtokollSeiteSchema } from "./protokoll.schema.js";
import type { ProtokollEintrag } from "./protokoll.types.js";

/**
 * Reduces entries to what the reader may see of the objects they are about. The Protokoll is the
 * lowest layer and knows no Akten: the composition root passes the Akten module's rule in.
 */
export type ProtokollSchwaerzung = (
  actor: Akteur,
  eintraege: ProtokollEintrag[],
) => Promise<ProtokollEintrag[]>;

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
        querystring: ProtokollFilterSchema,
        response: { 200: ProtokollSeiteSchema, ...problemResponses(403) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const seite = await listProtokoll(ctx.db, actor, request.query);
      return { ...seite, eintraege: await schwaerze(actor, seite.eintraege) };
    },
  );
}
