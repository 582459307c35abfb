import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { actorOf } from "../../platform/http/zugang.js";
import { uebersicht } from "./abfrage.service.js";
import { berichtEinstellung, erstelleBericht, setzeBerichtEinstellung } from "./bericht.service.js";
import { KATALOG } from "./katalog.js";
import { alsCsv, alsXlsx, kennzahlenTabelle } from "./tabelle.js";
import { darfKatalogLesen } from "./steuerung.policy.js";
import { strategieRoutes } from "./strategie.routes.js";
import {
  AbgelegterBerichtSchema,
  BerichtAnfrageSchema,
  BerichtEinstellungEingabeSchema,
  BerichtEinstellungSchema,
  KennzahlenAnfrageSchema,
  KennzahlSchema,
  UebersichtSchema,
} from "./steuerung.schema.js";

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

  app.get(
    "/steuerung/kennzahlen.csv",
    {
      config: { zugang: { rollen: ["Steuerung", "Leitung"] } },
      schema: {
        tags: T,
        summary:
          "Kennzahlen wie /steuerung/kennzahlen als CSV (Semikolon, UTF-8 mit BOM); Gruppen unter fünf Personen als „< 5“",
        querystring: KennzahlenAnfrageSchema,
        produces: ["text/csv"],
        response: problemResponses(400, 403, 404),
      },
    },
    async (request, reply) => {
      const u = await uebersicht(ctx, actorOf(request), request.query);
      return reply
        .type("text/csv; charset=utf-8")
        .header(
          "content-disposition",
          `attachment; filename="kennzahlen-${u.zeitraum.von}-${u.zeitraum.bis}.csv"`,
        )
        .send(alsCsv(kennzahlenTabelle(u)));
    },
  );

  app.get(
    "/steuerung/kennzahlen.xlsx",
    {
      config: { zugang: { rollen: ["Steuerung", "Leitung"] } },
      schema: {
        tags: T,
        summary:
          "Kennzahlen wie /steuerung/kennzahlen als Excel-Arbeitsmappe; Gruppen unter fünf Personen als „< 5“",
        querystring: KennzahlenAnfrageSchema,
        produces: ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
        response: problemResponses(400, 403, 404),
      },
    },
    async (request, reply) => {
      const u = await uebersicht(ctx, actorOf(request), request.query);
      const xlsx = await alsXlsx(kennzahlenTabelle(u), `Kennzahlen ${u.gruppe.oe.name}`);
      return reply
        .type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .header(
          "content-disposition",
          `attachment; filename="kennzahlen-${u.zeitraum.von}-${u.zeitraum.bis}.xlsx"`,
        )
        .send(xlsx);
    },
  );

  app.get(
    "/steuerung/berichte/einstellung",
    {
      config: { zugang: { rollen: ["Steuerung"] } },
      schema: {
        tags: T,
        summary: "Wohin der Verwaltungsbericht E-Government abgelegt wird und wie oft er von selbst entsteht",
        response: { 200: Type.Union([BerichtEinstellungSchema, Type.Null()]), ...problemResponses(403) },
      },
    },
    async (request) => berichtEinstellung(ctx, actorOf(request)),
  );

  app.put(
    "/steuerung/berichte/einstellung",
    {
      config: { zugang: { rollen: ["Steuerung"] } },
      schema: {
        tags: T,
        summary:
          "Vorgang (in einer Akte der Stabsstelle), in den der Verwaltungsbericht abgelegt wird, und Turnus; geplante Berichte entstehen mit den Rechten der einrichtenden Person",
        body: BerichtEinstellungEingabeSchema,
        response: { 200: BerichtEinstellungSchema, ...problemResponses(400, 403, 404, 409) },
      },
    },
    async (request) => setzeBerichtEinstellung(ctx, actorOf(request), request.body),
  );

  app.post(
    "/steuerung/berichte",
    {
      config: { zugang: { rollen: ["Steuerung"] } },
      schema: {
        tags: T,
        summary:
          "Verwaltungsbericht E-Government (PDF) für einen Zeitraum erstellen und als Dokument in den festgelegten Vorgang ablegen",
        body: BerichtAnfrageSchema,
        response: { 201: AbgelegterBerichtSchema, ...problemResponses(400, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await erstelleBericht(ctx, actorOf(request), request.body)),
  );
}
