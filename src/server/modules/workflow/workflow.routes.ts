import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import {
  legeAbwesenheitAn,
  listAbwesenheiten,
  loescheAbwesenheit,
  setzeStandardvertretung,
} from "../access/index.js";
import { contentDisposition, empfangeUpload, verwirfUpload } from "../../platform/dateieingang/index.js";
import * as benachrichtigung from "./benachrichtigung.service.js";
import { starteGeschaeftsgang } from "./geschaeftsgang-start.service.js";
import * as gang from "./geschaeftsgang.service.js";
import * as laufweg from "./laufweg-aenderung.service.js";
import { getPostkorb } from "./postkorb.service.js";
import * as schritt from "./schritt-aktion.service.js";
import * as uebergabe from "./schritt-uebergabe.service.js";
import * as vorlagen from "./vorlagen.service.js";
import * as wiedervorlage from "./wiedervorlage.service.js";
import {
  AbwesenheitSchema,
  AktionSchema,
  BenachrichtigungenSchema,
  GeschaeftsgangSchema,
  LaufwegvorlageSchema,
  NeueWiedervorlageSchema,
  NeuerGeschaeftsgangSchema,
  PostkorbFilterSchema,
  PostkorbSchema,
  SchrittEingabeSchema,
  WiedervorlageSchema,
  ZeichnungsbefugnisSchema,
} from "./workflow.schema.js";

const Id = Type.Object({ id: Type.String({ format: "uuid" }) });
const Begruendung = Type.Object(
  { begruendung: Type.String({ minLength: 1, maxLength: 4000 }) },
  { additionalProperties: false },
);

export async function workflowRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const G = ["Geschäftsgang"];
  const P = ["Postkorb"];

  app.get(
    "/postkorb",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: P,
        summary: "Postkorb: offene Schritte, fällige Wiedervorlagen, Posteingang, überschrittene Fristen",
        description:
          "Eigene, über die OE und in Vertretung; Zähler je Kategorie, Einträge nach Dringlichkeit. Mit `oe` der Postkorb einer OE.",
        querystring: PostkorbFilterSchema,
        response: { 200: PostkorbSchema, ...problemResponses(403) },
      },
    },
    async (request) => getPostkorb(ctx, actorOf(request), request.query),
  );

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

  app.get(
    "/vorgaenge/:id/wiedervorlagen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: P,
        summary: "Wiedervorlagen eines Vorgangs",
        params: Id,
        response: { 200: Type.Array(WiedervorlageSchema), ...problemResponses(404) },
      },
    },
    async (request) => wiedervorlage.listWiedervorlagen(ctx, actorOf(request), request.params.id),
  );

  app.post(
    "/vorgaenge/:id/wiedervorlagen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: P,
        summary: "Wiedervorlage setzen (Datum, Notiz, Empfänger – ohne Angabe man selbst)",
        params: Id,
        body: NeueWiedervorlageSchema,
        response: { 201: WiedervorlageSchema, ...problemResponses(403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await wiedervorlage.legeWiedervorlageAn(ctx, actorOf(request), request.params.id, request.body),
        ),
  );

  app.post(
    "/wiedervorlagen/:id/erledigen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: P,
        summary: "Wiedervorlage erledigen",
        params: Id,
        response: { 200: WiedervorlageSchema, ...problemResponses(404, 409) },
      },
    },
    async (request) => wiedervorlage.erledigeWiedervorlage(ctx, actorOf(request), request.params.id),
  );

  app.get(
    "/benachrichtigungen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: P,
        summary: "Ihre Benachrichtigungen (neueste zuerst)",
        response: { 200: BenachrichtigungenSchema },
      },
    },
    async (request) => benachrichtigung.listBenachrichtigungen(ctx, actorOf(request)),
  );

  app.post(
    "/benachrichtigungen/gelesen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: P,
        summary: "Benachrichtigung (ohne id: alle) als gelesen markieren",
        body: Type.Object(
          { id: Type.Optional(Type.String({ format: "uuid" })) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await benachrichtigung.markiereGelesen(ctx, actorOf(request), request.body.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    "/benachrichtigungen/tagesbericht",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: P,
        summary: "Täglichen Bericht per E-Mail an- oder abbestellen",
        body: Type.Object({ tagesbericht: Type.Boolean() }, { additionalProperties: false }),
        response: { 200: Type.Object({ tagesbericht: Type.Boolean() }) },
      },
    },
    async (request) => benachrichtigung.setzeTagesbericht(ctx, actorOf(request), request.body.tagesbericht),
  );

  app.get(
    "/abwesenheiten",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: P,
        summary: "Aktuelle und künftige Abwesenheiten (eigene, als Vertretung; Administration: alle)",
        response: { 200: Type.Array(AbwesenheitSchema) },
      },
    },
    async (request) => listAbwesenheiten(ctx, actorOf(request)),
  );

  app.post(
    "/abwesenheiten",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: P,
        summary: "Abwesenheit mit Vertretung eintragen (ohne Vertretung: die Standardvertretung der OE)",
        body: Type.Object(
          {
            benutzer: Type.Optional(Type.String({ maxLength: 100 })),
            von: Type.String({ maxLength: 10 }),
            bis: Type.String({ maxLength: 10 }),
            vertreter: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: AbwesenheitSchema, ...problemResponses(403) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await legeAbwesenheitAn(ctx, actorOf(request), request.body)),
  );

  app.delete(
    "/abwesenheiten/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: P,
        summary: "Abwesenheit löschen",
        params: Id,
        response: { 204: Type.Null(), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await loescheAbwesenheit(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    "/organisationseinheiten/:oe/standardvertretung",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: P,
        summary: "Standardvertretung einer OE festlegen (null: keine)",
        params: Type.Object({ oe: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: Type.Object(
          { vertreter: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            oe: Type.String(),
            vertreter: Type.Union([
              Type.Object({ id: Type.String(), benutzername: Type.String(), anzeigename: Type.String() }),
              Type.Null(),
            ]),
          }),
          ...problemResponses(403),
        },
      },
    },
    async (request) =>
      setzeStandardvertretung(ctx, actorOf(request), request.params.oe, request.body.vertreter),
  );

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
