import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { contentDisposition, empfangeUpload, verwirfUpload } from "../../platform/dateieingang/index.js";
import { starteGeschaeftsgang } from "./geschaeftsgang-start.service.js";
import * as gang from "./geschaeftsgang.service.js";
import * as laufweg from "./laufweg-aenderung.service.js";
import * as schritt from "./schritt-aktion.service.js";
import * as uebergabe from "./schritt-uebergabe.service.js";
import {
  AktionSchema,
  GeschaeftsgangSchema,
  NeuerGeschaeftsgangSchema,
  SchrittEingabeSchema,
} from "./workflow.schema.js";

const Id = Type.Object({ id: Type.String({ format: "uuid" }) });
const G = ["Geschäftsgang"];
const Begruendung = Type.Object(
  { begruendung: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);

/** Geschäftsgänge of a Vorgang: start one, list them, read one, its Verfügung as PDF. */
export function geschaeftsgangRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/vorgaenge/:id/geschaeftsgaenge",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary: "Geschäftsgang starten (Vorgang oder Entwurf, Schritte oder Laufwegvorlage)",
        params: Id,
        body: NeuerGeschaeftsgangSchema,
        response: { 201: GeschaeftsgangSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await starteGeschaeftsgang(ctx, actorOf(request), request.params.id, request.body)),
  );

  app.get(
    "/vorgaenge/:id/geschaeftsgaenge",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary: "Geschäftsgänge eines Vorgangs",
        params: Id,
        response: { 200: Type.Array(GeschaeftsgangSchema), ...problemResponses(404) },
      },
    },
    async (request) => gang.listGeschaeftsgaenge(ctx, actorOf(request), request.params.id),
  );

  app.get(
    "/geschaeftsgaenge/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary: "Ein Geschäftsgang mit Schritten und den Aktionen, die Sie jetzt ausführen dürfen",
        params: Id,
        response: { 200: GeschaeftsgangSchema, ...problemResponses(404) },
      },
    },
    async (request) => gang.getGeschaeftsgang(ctx, actorOf(request), request.params.id),
  );

  app.get(
    "/geschaeftsgaenge/:id/verfuegung",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary: "Verfügung (PDF) mit Laufweg und Entscheidungen, Stand jetzt",
        params: Id,
        response: { ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const pdf = await gang.verfuegungJetzt(ctx, actorOf(request), request.params.id);
      return reply
        .type("application/pdf")
        .header("content-disposition", contentDisposition("Verfügung.pdf"))
        .header("content-security-policy", "default-src 'none'; sandbox")
        .send(pdf);
    },
  );
}

/** Changing a running Geschäftsgang: add steps, reorder them, cancel it. */
export function laufwegRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/geschaeftsgaenge/:id/schritte",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary:
          "Schritt in den laufenden Laufweg einfügen (nach einer Stufe oder parallel zu einem Schritt)",
        params: Id,
        body: Type.Object(
          {
            schritt: SchrittEingabeSchema,
            nachStufe: Type.Optional(Type.Integer({ minimum: 1 })),
            parallelZu: Type.Optional(Type.String({ format: "uuid" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: GeschaeftsgangSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) => laufweg.fuegeSchrittEin(ctx, actorOf(request), request.params.id, request.body),
  );

  app.post(
    "/geschaeftsgaenge/:id/reihenfolge",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary: "Wartende Schritte neu ordnen (Liste von Stufen, je Stufe parallele Schritte)",
        params: Id,
        body: Type.Object(
          {
            stufen: Type.Array(Type.Array(Type.String({ format: "uuid" }), { maxItems: 100 }), {
              maxItems: 100,
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: GeschaeftsgangSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) => laufweg.ordneNeu(ctx, actorOf(request), request.params.id, request.body.stufen),
  );

  app.post(
    "/geschaeftsgaenge/:id/abbrechen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary: "Geschäftsgang abbrechen (mit Begründung)",
        params: Id,
        body: Begruendung,
        response: { 200: GeschaeftsgangSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) => laufweg.brecheAb(ctx, actorOf(request), request.params.id, request.body.begruendung),
  );
}

/** The steps: act on one (also with a changed draft), take an OE step, skip one. */
export function schrittRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/schritte/:id/aktionen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary:
          "Aktion auf einem offenen Schritt: erledigen, zustimmen, ablehnen, kenntnisnehmen, zeichnen, …",
        description:
          "ablehnen und zurueckgeben brauchen eine Begründung, abgang den Kanal, weiterleiten das Ziel `an`. In Vertretung wird „i. V.“ vermerkt.",
        params: Id,
        body: AktionSchema,
        response: { 200: GeschaeftsgangSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) => {
      const { aktion, ...eingabe } = request.body;
      return schritt.handle(ctx, actorOf(request), request.params.id, aktion, eingabe);
    },
  );

  app.post(
    "/schritte/:id/mitzeichnung-mit-aenderungen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary: "Mitzeichnen mit Änderungen: die geänderte Fassung wird neue Version des Entwurfs",
        description: "multipart/form-data: optional `begruendung`, dann die Datei im Feld `datei`.",
        consumes: ["multipart/form-data"],
        params: Id,
        response: { 200: GeschaeftsgangSchema, ...problemResponses(403, 404, 409, 413, 415) },
      },
    },
    async (request) => {
      // The step is checked (visible, due, addressed to the caller) before the file is stored.
      const { datei, felder } = await empfangeUpload(request, ctx, ["begruendung"], () =>
        schritt.pruefeAktion(ctx, actorOf(request), request.params.id, "zustimmen_mit_aenderungen"),
      );
      return schritt
        .handle(
          ctx,
          actorOf(request),
          request.params.id,
          "zustimmen_mit_aenderungen",
          { begruendung: felder.begruendung },
          datei,
        )
        .catch(async (error: unknown) => {
          await verwirfUpload(ctx, datei);
          throw error;
        });
    },
  );

  app.post(
    "/schritte/:id/uebernehmen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary: "Schritt aus dem Postkorb der OE übernehmen (genau eine Person bekommt ihn)",
        params: Id,
        response: { 200: GeschaeftsgangSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) => uebergabe.uebernimm(ctx, actorOf(request), request.params.id),
  );

  app.post(
    "/schritte/:id/ueberspringen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: G,
        summary: "Schritt entfallen lassen (mit Begründung)",
        params: Id,
        body: Begruendung,
        response: { 200: GeschaeftsgangSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) =>
      laufweg.ueberspringe(ctx, actorOf(request), request.params.id, request.body.begruendung),
  );
}
