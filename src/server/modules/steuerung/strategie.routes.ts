import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { actorOf } from "../../platform/http/zugang.js";
import { einfuehrungDetail, listeEinfuehrung, speichereEinfuehrung } from "./einfuehrung.service.js";
import {
  EinfuehrungDetailSchema,
  EinfuehrungEingabeSchema,
  EinfuehrungSchema,
  EntwurfSpeichernSchema,
  FassungSchema,
  FortschreibungSchema,
  NummerParamSchema,
  OeParamSchema,
  StrategieSchema,
  UnterschiedAnfrageSchema,
  UnterschiedSchema,
} from "./strategie.schema.js";
import {
  beschliesseFortschreibung,
  ladeFassung,
  ladeStrategie,
  speichereEntwurf,
  vergleicheFassungen,
} from "./strategie.service.js";

const T = ["Steuerung"];
const LESEN = { rollen: ["Steuerung", "Leitung"] as const };
const SCHREIBEN = { rollen: ["Steuerung"] as const };

/** The strategy (draft, Fortschreibungen, difference) and the Einführungsstand per OE. */
export async function strategieRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/steuerung/strategie",
    {
      config: { zugang: LESEN },
      schema: {
        tags: T,
        summary: "Die Strategie: Entwurf, Fortschreibungen und Messwert und Trend jedes Ziels",
        response: { 200: StrategieSchema, ...problemResponses(403) },
      },
    },
    async (request) => ladeStrategie(ctx, actorOf(request)),
  );

  app.put(
    "/steuerung/strategie",
    {
      config: { zugang: SCHREIBEN },
      schema: {
        tags: T,
        summary: "Den Entwurf der Strategie speichern (Handlungsfelder, Ziele, Maßnahmen)",
        body: EntwurfSpeichernSchema,
        response: {
          200: Type.Object({ revision: Type.Integer(), aenderungen: Type.Array(Type.String()) }),
          ...problemResponses(400, 403, 409),
        },
      },
    },
    async (request) => speichereEntwurf(ctx, actorOf(request), request.body),
  );

  app.post(
    "/steuerung/strategie/fassungen",
    {
      config: { zugang: SCHREIBEN },
      schema: {
        tags: T,
        summary: "Fortschreibung beschließen: den Entwurf als neue Fassung festschreiben",
        body: FortschreibungSchema,
        response: { 201: Type.Object({ nummer: Type.Integer() }), ...problemResponses(400, 403, 422) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await beschliesseFortschreibung(ctx, actorOf(request), request.body)),
  );

  app.get(
    "/steuerung/strategie/fassungen/:nummer",
    {
      config: { zugang: LESEN },
      schema: {
        tags: T,
        summary: "Eine beschlossene Fassung der Strategie",
        params: NummerParamSchema,
        response: { 200: FassungSchema, ...problemResponses(400, 403, 404) },
      },
    },
    async (request) => ladeFassung(ctx, actorOf(request), request.params.nummer),
  );

  app.get(
    "/steuerung/strategie/unterschied",
    {
      config: { zugang: LESEN },
      schema: {
        tags: T,
        summary: "Was sich zwischen zwei Fassungen geändert hat, in Sätzen",
        querystring: UnterschiedAnfrageSchema,
        response: { 200: UnterschiedSchema, ...problemResponses(400, 403, 404) },
      },
    },
    async (request) => vergleicheFassungen(ctx, actorOf(request), request.query.von, request.query.bis),
  );

  app.get(
    "/steuerung/einfuehrung",
    {
      config: { zugang: LESEN },
      schema: {
        tags: T,
        summary: "Einführungsstand jeder erreichbaren OE: Welle, Daten, geschulter Anteil",
        response: { 200: Type.Array(EinfuehrungSchema), ...problemResponses(403) },
      },
    },
    async (request) => listeEinfuehrung(ctx, actorOf(request)),
  );

  app.get(
    "/steuerung/einfuehrung/:oeId",
    {
      config: { zugang: LESEN },
      schema: {
        tags: T,
        summary: "Einführungsstand einer OE mit den Kennzahlen vor und nach dem Produktivstart",
        params: OeParamSchema,
        response: { 200: EinfuehrungDetailSchema, ...problemResponses(400, 403, 404) },
      },
    },
    async (request) => einfuehrungDetail(ctx, actorOf(request), request.params.oeId),
  );

  app.put(
    "/steuerung/einfuehrung/:oeId",
    {
      config: { zugang: SCHREIBEN },
      schema: {
        tags: T,
        summary: "Einführungsstand einer OE erfassen (Welle, Daten, Geschulte)",
        params: OeParamSchema,
        body: EinfuehrungEingabeSchema,
        response: { 200: EinfuehrungSchema, ...problemResponses(400, 403, 404) },
      },
    },
    async (request) => speichereEinfuehrung(ctx, actorOf(request), request.params.oeId, request.body),
  );
}
