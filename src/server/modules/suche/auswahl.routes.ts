import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { auswahlArten, AuswahlSchema } from "../../../shared/api/auswahl.schema.js";
import { auswahl } from "./auswahl.service.js";

/** The pickers' source: search as you type instead of typing ids. */
export async function auswahlRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/auswahl/:art",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Suche"],
        summary:
          "Auswahl beim Tippen: Akten und Vorgänge (Aktenzeichen, Betreff, Angaben wie Bauherr), Personen und OEs (Name)",
        params: Type.Object({ art: Type.Enum(auswahlArten) }, { additionalProperties: false }),
        querystring: Type.Object(
          {
            q: Type.Optional(
              Type.String({ maxLength: 200, description: "Ohne Angabe: die zuletzt geänderten" }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10 })),
            offen: Type.Optional(
              Type.Boolean({ description: "Akten und Vorgänge: nur offene (in Bearbeitung)" }),
            ),
            zuerst: Type.Optional(
              Type.String({
                maxLength: 2000,
                description:
                  "Kommagetrennt: zuletzt gewählte Werte, ohne Suchtext zuerst angeboten (wenn noch sichtbar)",
              }),
            ),
            oe: Type.Optional(
              Type.String({ maxLength: 100, description: "Personen: nur Mitglieder dieser OE (Kürzel)" }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: AuswahlSchema, ...problemResponses() },
      },
    },
    async (request) =>
      auswahl(ctx, actorOf(request), request.params.art, {
        q: (request.query.q ?? "").normalize("NFC"),
        limit: request.query.limit ?? 10,
        nurOffene: request.query.offen ?? false,
        oe: request.query.oe,
        zuerst: (request.query.zuerst ?? "").split(",").filter(Boolean).slice(0, 10),
      }),
  );
}
