import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { contentDisposition } from "../../platform/dateieingang/index.js";
import * as aufbewahrung from "./aufbewahrung.service.js";
import { bewerteAkte } from "./bewerteAkte.js";
import * as loeschsperre from "./loeschsperre.service.js";
import {
  AufbewahrungAenderungSchema,
  AufbewahrungSchema,
  AussonderungslisteEintragSchema,
  BewertungEingabeSchema,
  BewertungSchema,
  ImportErgebnisSchema,
  LoeschprotokollSchema,
  LoeschsperreAufhebungSchema,
  NachrichtenFilterSchema,
  NeueLoeschsperreSchema,
  OeFilterSchema,
  XdomeaExportSchema,
  XdomeaNachrichtSchema,
} from "./aussonderung.schema.js";
import { exportiereAktenplan } from "./xdomea/aktenplan.js";
import { listNachrichten } from "./xdomea/nachrichtenbuch.js";
import { exportiere } from "./xdomea/export.service.js";
import { importiere } from "./xdomea/import.service.js";

const Id = Type.Object({ id: Type.String({ format: "uuid" }) });
const T = ["Aufbewahrung und Aussonderung"];
const XdomeaTypen = ["application/zip", "application/xml", "text/xml", "application/octet-stream"];

/**
 * The Aufbewahrung and Aussonderung routes, registered in the order the API document lists them:
 * an Akte's retention, Löschsperren, the Aussonderungsliste and Löschprotokoll, xdomea messages.
 */
export async function aussonderungRoutes(
  fastify: FastifyInstance,
  { ctx }: { ctx: AppContext },
): Promise<void> {
  // xdomea messages arrive as they are (a ZIP container or bare XML), up to the upload limit.
  fastify.addContentTypeParser(
    XdomeaTypen,
    { parseAs: "buffer", bodyLimit: ctx.config.maxUploadBytes },
    (_r, body, done) => done(null, body),
  );
  aufbewahrungRoutes(fastify, ctx);
  loeschsperreRoutes(fastify, ctx);
  aussonderungslisteRoutes(fastify, ctx);
  xdomeaRoutes(fastify, ctx);
}

/** An Akte's retention: what applies and why, and the Registratur's deviation from the Aktenplan. */
function aufbewahrungRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/akten/:id/aufbewahrung",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: T,
        summary: "Aufbewahrungsfrist, Archivwürdigkeit, Aufbewahrungsende und Löschsperren einer Akte",
        params: Id,
        response: { 200: AufbewahrungSchema, ...problemResponses(404) },
      },
    },
    async (request) => aufbewahrung.getAufbewahrung(ctx, actorOf(request), request.params.id),
  );

  app.put(
    "/akten/:id/aufbewahrung",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: T,
        summary:
          "Vom Aktenplan abweichende Frist oder Archivwürdigkeit festlegen (mit Begründung; null: geerbt)",
        params: Id,
        body: AufbewahrungAenderungSchema,
        response: { 200: AufbewahrungSchema, ...problemResponses(403, 404) },
      },
    },
    async (request) => aufbewahrung.setzeAufbewahrung(ctx, actorOf(request), request.params.id, request.body),
  );
}

/** Löschsperren, which hold an Akte back from Aussonderung and deletion. */
function loeschsperreRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/akten/:id/loeschsperren",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: T,
        summary: "Löschsperre setzen (sperrt Aussonderung und Löschung)",
        params: Id,
        body: NeueLoeschsperreSchema,
        response: { 201: AufbewahrungSchema, ...problemResponses(403, 404) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await loeschsperre.setzeLoeschsperre(ctx, actorOf(request), request.params.id, request.body)),
  );

  app.post(
    "/loeschsperren/:id/aufheben",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: T,
        summary: "Löschsperre aufheben (mit Begründung)",
        params: Id,
        body: LoeschsperreAufhebungSchema,
        response: { 200: AufbewahrungSchema, ...problemResponses(403, 404) },
      },
    },
    async (request) =>
      loeschsperre.hebeLoeschsperreAuf(ctx, actorOf(request), request.params.id, request.body.grund),
  );
}

/** What is due for Aussonderung and the Archiv's Bewertung of it, and what was deleted after it. */
function aussonderungslisteRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/aussonderung/liste",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: T,
        summary:
          "Aussonderungsliste: Akten mit abgelaufener Aufbewahrung, ohne Löschsperre (Registratur, Archiv)",
        querystring: OeFilterSchema,
        response: { 200: Type.Array(AussonderungslisteEintragSchema), ...problemResponses(403) },
      },
    },
    async (request) => aufbewahrung.aussonderungsliste(ctx, actorOf(request), request.query),
  );

  app.put(
    "/akten/:id/bewertung",
    {
      config: { zugang: { rollen: ["Archiv"] } },
      schema: {
        tags: T,
        summary:
          "Bewertung des Archivs für eine fällige Akte: A (archivwürdig), B (bewerten) oder V (vernichten), mit Notiz",
        params: Id,
        body: BewertungEingabeSchema,
        response: { 200: BewertungSchema, ...problemResponses(403, 404) },
      },
    },
    async (request) => bewerteAkte(ctx, actorOf(request), request.params.id, request.body),
  );

  app.get(
    "/aussonderung/loeschprotokoll",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: T,
        summary:
          "Löschprotokoll: was nach der Aussonderung gelöscht wurde, mit Entscheidung, Archiv, Datum und wer",
        response: { 200: Type.Array(LoeschprotokollSchema), ...problemResponses(403) },
      },
    },
    async (request) => aufbewahrung.loeschprotokoll(ctx, actorOf(request)),
  );
}

/** xdomea messages: export, import, and the book of messages in and out. */
function xdomeaRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/xdomea/export",
    {
      config: { zugang: { rollen: ["Registratur", "Archiv"] } },
      schema: {
        tags: T,
        summary: "Akten als xdomea-Nachricht exportieren (ZIP-Container, gegen das offizielle XSD geprüft)",
        body: XdomeaExportSchema,
        response: { ...problemResponses(403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const ordner = await fs.mkdtemp(path.join(os.tmpdir(), "aktenwerk-xdomea-"));
      const ziel = path.join(ordner, "nachricht.zip");
      try {
        const optionen = {
          ziel,
          ...(request.body.version ? { version: request.body.version } : {}),
          ...(request.body.empfaenger ? { empfaenger: request.body.empfaenger } : {}),
        };
        const { nachricht } = request.body;
        const e =
          nachricht === "0301"
            ? { ...(await exportiereAktenplan(ctx, actorOf(request), optionen)), nachrichtentyp: "0301" }
            : await exportiere(ctx, actorOf(request), {
                ...optionen,
                aktenzeichen: request.body.akten ?? [],
                nachricht,
              });
        const inhalt = await fs.readFile(ziel);
        return reply
          .type("application/zip")
          .header("content-disposition", contentDisposition(`${e.prozessId}_${e.nachrichtentyp}.zip`))
          .header("x-aktenwerk-prozess", e.prozessId)
          .send(inhalt);
      } finally {
        await fs.rm(ordner, { recursive: true, force: true });
      }
    },
  );

  app.post(
    "/xdomea/import",
    {
      config: { zugang: { rollen: ["Registratur", "Archiv"] } },
      schema: {
        tags: T,
        summary: "xdomea-Nachricht übernehmen (Body: ZIP-Container oder XML); abgelehnt wird sie ganz",
        querystring: OeFilterSchema,
        response: { 200: ImportErgebnisSchema, ...problemResponses(403, 409, 413, 415, 503) },
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body))
        throw new AppError(
          "nicht_unterstuetzter_typ",
          "Bitte die Nachricht als application/zip oder application/xml senden.",
        );
      return importiere(ctx, actorOf(request), new Uint8Array(request.body), request.query);
    },
  );

  app.get(
    "/xdomea/nachrichten",
    {
      config: { zugang: { rollen: ["Registratur", "Archiv"] } },
      schema: {
        tags: T,
        summary:
          "Ein- und ausgegangene xdomea-Nachrichten (Anbieteverzeichnisse, Bestätigungen …); mit offen=true nur die, deren Antwort aussteht",
        querystring: NachrichtenFilterSchema,
        response: { 200: Type.Array(XdomeaNachrichtSchema), ...problemResponses(403) },
      },
    },
    async (request) => listNachrichten(ctx, actorOf(request), request.query),
  );
}
