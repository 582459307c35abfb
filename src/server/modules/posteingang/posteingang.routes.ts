import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import type {} from "@fastify/multipart";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { validateJsonField } from "../../platform/http/validation.js";
import { contentDisposition, empfangeUpload, verwirfUpload } from "../../platform/dateieingang/index.js";
import { dokumentTypen } from "../schriftgut/index.js";
import { nimmAuf, pruefeAufnahme } from "./eingang.service.js";
import { getEintrag, inhaltDes, listPosteingang, vorschauDes } from "./liste.service.js";
import {
  BetreffregelSchema,
  EintragSchema,
  SammelauftragSchema,
  SammelergebnisSchema,
} from "./posteingang.schema.js";
import { legeRegelAn, listRegeln, loescheRegel } from "./regeln.service.js";
import { registriere, verwerfe } from "./registrierung.service.js";
import { erledigeSammel } from "./sammel.service.js";
import { verteilungRoutes } from "./verteilung.routes.js";

type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

const AngabenSchema = Type.Object(
  {
    absender: Type.Optional(Type.String({ maxLength: 500 })),
    betreff: Type.Optional(Type.String({ maxLength: 500 })),
    fremdesGeschaeftszeichen: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

const Id = Type.Object({ id: Type.String({ format: "uuid" }) });

const ListeQuery = Type.Object(
  {
    oe: Type.Optional(Type.String({ maxLength: 100 })),
    /** Cursor from the previous page's `X-Naechste-Seite` header. */
    nach: Type.Optional(Type.String({ maxLength: 200 })),
    /** Page size, 1–500 (200 when not given). */
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

const RegistrierungBody = Type.Object(
  {
    vorgang: Type.Optional(Type.String({ format: "uuid" })),
    neuerVorgang: Type.Optional(
      Type.Object(
        {
          akte: Type.String({ format: "uuid" }),
          betreff: Type.String({ minLength: 1, maxLength: 500 }),
          frist: Type.Optional(Type.Union([Type.String({ format: "date" }), Type.Null()])),
          metadaten: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        },
        { additionalProperties: false },
      ),
    ),
    typ: Type.Optional(Type.Enum(dokumentTypen)),
    titel: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    absender: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    eingangsdatum: Type.Optional(Type.Union([Type.String({ format: "date" }), Type.Null()])),
    fremdesGeschaeftszeichen: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export async function posteingangRoutes(
  fastify: FastifyInstance,
  { ctx }: { ctx: AppContext },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  eintragRoutes(app, ctx);
  erledigungRoutes(app, ctx);
  sammelRoutes(app, ctx);
  regelRoutes(app, ctx);
  verteilungRoutes(app, ctx);
}

/** The items: intake, list, one item, its content. */
function eintragRoutes(app: App, ctx: AppContext): void {
  app.post(
    "/posteingang",
    {
      config: { zugang: "angemeldet", token: "posteingang" },
      schema: {
        tags: ["Posteingang"],
        summary:
          "Eingang in den Posteingang einer OE legen (Hochladen, E-Mail als .eml, Fachverfahren per Token)",
        description:
          "multipart/form-data: Feld `oe` (Kürzel), optional `angaben` (JSON: absender, betreff, fremdesGeschaeftszeichen), dann die Datei im Feld `datei`.",
        consumes: ["multipart/form-data"],
        response: { 201: EintragSchema, ...problemResponses(403, 413, 415) },
      },
    },
    async (request: FastifyRequest, reply) => {
      const actor = actorOf(request);
      // OE, permission and Angaben are checked before the file is stored.
      const { datei, felder, geprueft } = await empfangeUpload(request, ctx, ["oe", "angaben"], async (f) => {
        if (!f.oe)
          throw new AppError("ungueltige_eingabe", "Bitte die Organisationseinheit angeben (Feld „oe“).", {
            fehler: [{ feld: "/oe", meldung: "Pflichtfeld." }],
          });
        const angaben = validateJsonField<Record<string, unknown>>(AngabenSchema, f.angaben, "angaben");
        await pruefeAufnahme(ctx, actor, f.oe);
        return angaben;
      });
      const eintrag = await nimmAuf(ctx, actor, {
        oe: felder.oe!,
        kanal: actor.via === "token" ? "api" : "upload",
        datei,
        angaben: geprueft,
      }).catch(async (error: unknown) => {
        await verwirfUpload(ctx, datei);
        throw error;
      });
      return reply.code(201).send(eintrag);
    },
  );

  app.get(
    "/posteingang",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Posteingang"],
        summary: "Offene Eingänge, älteste zuerst",
        description:
          "Seitenweise: Gibt es weitere Eingänge, nennt der Kopf `X-Naechste-Seite` den Wert für `nach` der nächsten Anfrage.",
        querystring: ListeQuery,
        response: { 200: Type.Array(EintragSchema), ...problemResponses(400) },
      },
    },
    async (request, reply) => {
      const seite = await listPosteingang(ctx, actorOf(request), request.query);
      if (seite.naechsteSeite) reply.header("x-naechste-seite", seite.naechsteSeite);
      return seite.eintraege;
    },
  );

  app.get(
    "/posteingang/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Posteingang"],
        summary: "Ein Eingang mit Vorschlag und Scanprotokoll",
        params: Id,
        response: { 200: EintragSchema, ...problemResponses(404) },
      },
    },
    async (request) => getEintrag(ctx, actorOf(request), request.params.id),
  );

  app.get(
    "/posteingang/:id/inhalt",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Posteingang"],
        summary: "Inhalt eines Eingangs herunterladen",
        params: Id,
        response: { ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const { eintrag: e, sha256 } = await inhaltDes(ctx, actorOf(request), request.params.id);
      reply
        .type(e.mimeTyp)
        .header("content-disposition", contentDisposition(e.dateiname))
        .header("content-security-policy", "default-src 'none'; sandbox");
      return reply.send(await ctx.blobs.get(sha256));
    },
  );

  app.get(
    "/posteingang/:id/vorschau",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Posteingang"],
        summary:
          "Bild der ersten Seite eines Eingangs (PNG, 800 Pixel breit), zum Lesen neben der Registrierung",
        params: Id,
        response: { ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const sha256 = await vorschauDes(ctx, actorOf(request), request.params.id);
      reply
        .type("image/png")
        .header("content-disposition", "inline")
        .header("cache-control", "private, max-age=3600")
        .header("content-security-policy", "default-src 'none'; sandbox");
      return reply.send(await ctx.blobs.get(sha256));
    },
  );
}

/** Settling an item: registration into a Vorgang, or discarding it. */
function erledigungRoutes(app: App, ctx: AppContext): void {
  app.post(
    "/posteingang/:id/registrieren",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Posteingang"],
        summary: "Eingang als Dokument in einen Vorgang übernehmen (Registrierung)",
        params: Id,
        description:
          "Entweder `vorgang` (bestehender Vorgang) oder `neuerVorgang` (Akte, Betreff, optional Frist und Metadaten). Alles oder nichts.",
        body: RegistrierungBody,
        response: { 200: EintragSchema, ...problemResponses(400, 403, 404, 409) },
      },
    },
    async (request) => registriere(ctx, actorOf(request), request.params.id, request.body),
  );

  app.post(
    "/posteingang/:id/verwerfen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Posteingang"],
        summary: "Eingang verwerfen (mit Grund, z. B. Werbung, Irrläufer)",
        params: Id,
        body: Type.Object(
          { grund: Type.String({ minLength: 1, maxLength: 1000 }) },
          { additionalProperties: false },
        ),
        response: { 204: Type.Null(), ...problemResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await verwerfe(ctx, actorOf(request), request.params.id, request.body.grund);
      return reply.code(204).send(null);
    },
  );
}

/** Many items at once. */
function sammelRoutes(app: App, ctx: AppContext): void {
  app.post(
    "/posteingang/sammel",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Posteingang"],
        summary: "Viele Eingänge auf einmal registrieren oder verwerfen",
        description:
          "Jeder Eingang wird für sich erledigt (eigene Transaktion, Sperre und Protokoll): was ein anderer inzwischen erledigt hat, schlägt allein fehl, die übrigen gehen durch. Die Antwort nennt jeden Eingang mit dem Ergebnis auf Deutsch.",
        body: SammelauftragSchema,
        response: { 200: SammelergebnisSchema, ...problemResponses(400, 403, 404) },
      },
    },
    async (request) => ({ ergebnisse: await erledigeSammel(ctx, actorOf(request), request.body) }),
  );
}

/** The Betreffregeln that propose a Vorgang. */
function regelRoutes(app: App, ctx: AppContext): void {
  app.get(
    "/posteingang/regeln",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Posteingang"],
        summary: "Betreffregeln: Wörter im Betreff, die einen Vorgang vorschlagen",
        response: { 200: Type.Array(BetreffregelSchema) },
      },
    },
    async (request) => listRegeln(ctx, actorOf(request)),
  );

  app.post(
    "/posteingang/regeln",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Posteingang"],
        summary: "Betreffregel anlegen",
        body: Type.Object(
          {
            oe: Type.String({ minLength: 1, maxLength: 50 }),
            muster: Type.String({ minLength: 1, maxLength: 200 }),
            vorgang: Type.String({ format: "uuid" }),
          },
          { additionalProperties: false },
        ),
        response: { 201: BetreffregelSchema, ...problemResponses(400, 403, 404, 409) },
      },
    },
    async (request, reply) => reply.code(201).send(await legeRegelAn(ctx, actorOf(request), request.body)),
  );

  app.delete(
    "/posteingang/regeln/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Posteingang"],
        summary: "Betreffregel löschen",
        params: Id,
        response: { 204: Type.Null(), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await loescheRegel(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
