import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { geraeteklasse } from "../../platform/http/geraeteklasse.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { validateJsonField } from "../../platform/http/validation.js";
import { contentDisposition } from "../../platform/dateieingang/dateiname.js";
import {
  DokumentAenderungSchema,
  DokumentMetadatenSchema,
  DokumentSchema,
  EmailAnsichtSchema,
  FundstellenAnfrageSchema,
  FundstellenSchema,
  SeitenangabenSchema,
  SeitenbildAnfrageSchema,
} from "./dokumente.schema.js";
import { fundstellenInVersion, seitenbildDerVersion, seitenDerVersion } from "./dokument-seiten.service.js";
import { createDokument, pruefeDokumentAnlage } from "./dokument-anlegen.service.js";
import { updateDokument } from "./dokument-aendern.service.js";
import { emailAnsicht, oeffneAbleitung, oeffneVersion } from "./dokument-inhalt.service.js";
import { getDokument } from "./dokument-lesen.service.js";
import { addVersion, pruefeVersionAnlage, pruefeVersionsgrund } from "./dokument-version.service.js";
import { requireVorgang } from "./zugriffstor.js";
import type { DokumentMetadaten } from "./dokumente.types.js";
import { AKTIVE_TYPEN } from "../../platform/dateieingang/inhaltstyp.js";
import { empfangeUpload, verwirfUpload } from "../../platform/dateieingang/upload.js";

const Id = Type.Object({ id: Type.String({ format: "uuid" }) });
const Version = Type.Object({ id: Type.String({ format: "uuid" }), nr: Type.Integer({ minimum: 1 }) });
const UPLOAD_BESCHREIBUNG =
  "multipart/form-data mit dem Feld `metadaten` (JSON, vor der Datei senden) und genau einer Datei im Feld `datei`. " +
  "Der Typ wird aus dem Inhalt erkannt. Zu groß: 413, leer: 400.";

/**
 * The Dokument routes, registered in the order the API document lists them: the Dokument, its
 * Versionen, and what is derived from a Version (searchable PDF, preview, e-mail view).
 */
export async function dokumenteRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  dokumentRoutes(fastify, ctx);
  versionRoutes(fastify, ctx);
  ableitungRoutes(fastify, ctx);
  betrachterRoutes(fastify, ctx);
}

/** Uploading a Dokument with its first Version, reading it, changing its Angaben. */
function dokumentRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/vorgaenge/:id/dokumente",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Dokumente"],
        summary: "Dokument mit erster Version hochladen",
        description: UPLOAD_BESCHREIBUNG,
        consumes: ["multipart/form-data"],
        params: Id,
        response: { 201: DokumentSchema, ...problemResponses(403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      // Refuse before a single byte is stored: permission and zdA first, then the metadata.
      await requireVorgang(ctx, actor, request.params.id, "dokumentAnlegen");
      const { datei, felder, geprueft } = await empfangeUpload(
        request,
        ctx,
        ["metadaten", "kommentar"],
        (f, { dateiname }) => {
          const metadaten = validateJsonField<DokumentMetadaten>(
            DokumentMetadatenSchema,
            f.metadaten,
            "metadaten",
          );
          pruefeDokumentAnlage(metadaten, dateiname);
          return metadaten;
        },
      );
      const dokument = await createDokument(
        ctx,
        actor,
        request.params.id,
        geprueft,
        datei,
        felder.kommentar,
      ).catch(async (error: unknown) => {
        await verwirfUpload(ctx, datei);
        throw error;
      });
      return reply.code(201).send(dokument);
    },
  );

  app.get(
    "/dokumente/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Dokumente"],
        summary: "Ein Dokument mit allen Versionen",
        params: Id,
        response: { 200: DokumentSchema, ...problemResponses(404) },
      },
    },
    async (request) =>
      getDokument(ctx, actorOf(request), request.params.id, {
        geraet: geraeteklasse(request.headers["user-agent"]),
      }),
  );

  app.patch(
    "/dokumente/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Dokumente"],
        summary: "Angaben zum Dokument ändern",
        params: Id,
        body: DokumentAenderungSchema,
        response: { 200: DokumentSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) => updateDokument(ctx, actorOf(request), request.params.id, request.body),
  );
}

/** Uploading a new Version and downloading a Version's content. */
function versionRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/dokumente/:id/versionen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Dokumente"],
        summary: "Neue Version hochladen",
        description:
          "multipart/form-data: `grund` (Pflicht: warum die neue Version, höchstens 500 Zeichen, vor der Datei senden), " +
          "Datei im Feld `datei`, optional `kommentar`. Nicht in einem zdA-Vorgang.",
        consumes: ["multipart/form-data"],
        params: Id,
        response: { 201: DokumentSchema, ...problemResponses(403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await pruefeVersionAnlage(ctx, actor, request.params.id);
      const { datei, felder, geprueft } = await empfangeUpload(
        request,
        ctx,
        ["kommentar", "grund"],
        async (f) => {
          const grund = pruefeVersionsgrund(f.grund);
          await pruefeVersionAnlage(ctx, actor, request.params.id);
          return grund;
        },
      );
      const dokument = await addVersion(
        ctx,
        actor,
        request.params.id,
        datei,
        felder.kommentar,
        geprueft,
      ).catch(async (error: unknown) => {
        await verwirfUpload(ctx, datei);
        throw error;
      });
      return reply.code(201).send(dokument);
    },
  );

  app.get(
    "/dokumente/:id/versionen/:nr/inhalt",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Dokumente"],
        summary: "Inhalt einer Version herunterladen (immer als Anhang)",
        params: Version,
        response: { ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const { version, inhalt } = await oeffneVersion(
        ctx,
        actorOf(request),
        request.params.id,
        request.params.nr,
      );
      // Never rendered from our origin: attachment, no sniffing, and a sandbox for active types.
      reply
        .type(AKTIVE_TYPEN.has(version.mimeTyp) ? `${version.mimeTyp}; charset=utf-8` : version.mimeTyp)
        .header("content-disposition", contentDisposition(version.dateiname))
        .header("content-length", String(version.groesse))
        .header("etag", `"${version.sha256}"`)
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header("cache-control", "private, max-age=0, must-revalidate");
      return reply.send(inhalt);
    },
  );
}

/** What is derived from a Version: the searchable PDF, the preview image, the e-mail view. */
function ableitungRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  for (const [art, pfad, summary, typ] of [
    [
      "rendition",
      "rendition",
      "Durchsuchbare PDF-Fassung einer Version (aus der Texterkennung) herunterladen",
      "application/pdf",
    ],
    ["vorschau", "vorschau", "Vorschaubild der ersten Seite (PNG, 320 Pixel breit)", "image/png"],
  ] as const) {
    app.get(
      `/dokumente/:id/versionen/:nr/${pfad}`,
      {
        config: { zugang: "angemeldet" },
        schema: { tags: ["Dokumente"], summary, params: Version, response: { ...problemResponses(404) } },
      },
      async (request, reply) => {
        const r = await oeffneAbleitung(ctx, actorOf(request), request.params.id, request.params.nr, art);
        reply
          .type(typ)
          .header("content-disposition", art === "vorschau" ? "inline" : contentDisposition(r.dateiname))
          .header("content-length", String(r.groesse))
          .header("etag", `"${r.sha256}"`)
          .header("content-security-policy", "default-src 'none'; sandbox")
          .header("x-content-type-options", "nosniff")
          .header("cache-control", "private, max-age=0, must-revalidate");
        return reply.send(r.inhalt);
      },
    );
  }

  app.get(
    "/dokumente/:id/versionen/:nr/email",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Dokumente"],
        summary: "E-Mail lesen: Kopf, Text, bereinigtes HTML (ohne Skripte und externe Inhalte), Anlagen",
        params: Version,
        response: { 200: EmailAnsichtSchema, ...problemResponses(404, 422) },
      },
    },
    async (request) => emailAnsicht(ctx, actorOf(request), request.params.id, request.params.nr),
  );
}

/** The document viewer: page count and sizes, page images drawn on the server, search in the text. */
function betrachterRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/dokumente/:id/versionen/:nr/seiten",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Dokumente"],
        summary: "Seitenzahl und Seitengrößen einer Version (für die Seitenansicht)",
        params: Version,
        response: { 200: SeitenangabenSchema, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const angaben = await seitenDerVersion(ctx, actorOf(request), request.params.id, request.params.nr);
      // Changes once, when the OCR rendition arrives: asked for again on every view.
      reply.header("cache-control", "private, no-cache");
      return angaben;
    },
  );

  app.get(
    "/dokumente/:id/versionen/:nr/seitenbild",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Dokumente"],
        summary: "Eine Seite einer Version als Bild (WebP oder JPEG), auf dem Server gezeichnet",
        description:
          "Breiten: 160 (Miniatur), 800, 1200, 1600 Pixel. Eine Version ändert sich nie: das Bild darf " +
          "unbegrenzt zwischengespeichert werden (außer bei zugriffsbeschränkten Akten, deren Lesen protokolliert wird).",
        params: Version,
        querystring: SeitenbildAnfrageSchema,
        response: { ...problemResponses(404, 422) },
      },
    },
    async (request, reply) => {
      const { seite = 1, breite = 800 } = request.query;
      const bild = await seitenbildDerVersion(
        ctx,
        actorOf(request),
        request.params.id,
        request.params.nr,
        seite,
        breite,
      );
      const etag = `"${bild.sha256}"`;
      reply
        .header("etag", etag)
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; sandbox")
        // A restricted Akte's page is asked for (and its reading recorded) on every view.
        .header(
          "cache-control",
          bild.beschraenkt ? "private, no-cache" : "private, max-age=31536000, immutable",
        );
      if (request.headers["if-none-match"] === etag) return reply.code(304).send();
      reply
        .type(bild.mimeTyp)
        .header("content-disposition", "inline")
        .header("content-length", String(bild.groesse));
      return reply.send(await bild.oeffne());
    },
  );

  app.get(
    "/dokumente/:id/versionen/:nr/fundstellen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Dokumente"],
        summary: "Ein Wort im Text einer Version suchen (Textebene oder OCR), mit Seite und Umfeld",
        params: Version,
        querystring: FundstellenAnfrageSchema,
        response: { 200: FundstellenSchema, ...problemResponses(404) },
      },
    },
    async (request) =>
      fundstellenInVersion(ctx, actorOf(request), request.params.id, request.params.nr, request.query.q),
  );
}
