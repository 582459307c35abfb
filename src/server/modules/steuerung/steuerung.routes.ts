import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { actorOf } from "../../platform/http/zugang.js";
import { uebersicht } from "./abfrage.service.js";
import { KATALOG } from "./katalog.js";
import { darfKatalogLesen } from "./steuerung.policy.js";
import { strategieRoutes } from "./strategie.routes.js";
import { KennzahlenAnfrageSchema, KennzahlSchema, UebersichtSchema } from "./steuerung.schema.js";

const T = ["Steuerung"];

/** The Steuerung's routes: the Kennzahlenkatalog and the figures per group and month. */
export async function steuerungRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  await fastify.register(strategieRoutes, { ctx });

  app.get(
    "/steuerung/katalog",
    {
      config: { zugang: { rollen: ["Steuerung", "Leitung", "Personalrat"] } },
      schema: {
        tags: T,
        summary: "Kennzahlenkatalog: jede Kennzahl mit Definition, Quelle, wer sie sieht und seit wann",
        response: { 200: Type.Array(KennzahlSchema), ...problemResponses(403) },
      },
    },
    async (request) => {
      if (!darfKatalogLesen(actorOf(request)))
        throw new AppError(
          "keine_berechtigung",
          "Den Kennzahlenkatalog lesen Steuerung, Leitungen und Personalrat.",
        );
      return [...KATALOG];
    },
  );

  app.get(
    "/steuerung/kennzahlen",
    {
      config: { zugang: { rollen: ["Steuerung", "Leitung"] } },
      schema: {
        tags: T,
        summary:
          "Kennzahlen einer Gruppe (Kreis oder OE) und der Gruppen darunter je Monat; Gruppen unter fünf Personen ohne Werte",
        querystring: KennzahlenAnfrageSchema,
        response: { 200: UebersichtSchema, ...problemResponses(400, 403, 404) },
      },
    },
    async (request) => uebersicht(ctx, actorOf(request), request.query),
  );
}
