import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import {
  AktenplaneinheitMitVersionenSchema,
  AktenplaneinheitSchema,
  AktenplanImportErgebnisSchema,
  AktenplanImportOptionenSchema,
  AktenplanSchema,
  EinheitAenderungSchema,
  EinheitEingabeSchema,
} from "./aktenplan.schema.js";
import * as aktenplan from "./aktenplan.service.js";

const Ref = Type.Object({
  ref: Type.String({ minLength: 1, maxLength: 100, description: "Id oder Kennzeichen" }),
});

/**
 * The Aktenplan routes, registered in the order the API document lists them: the whole plan (read,
 * export, import), then one Aktenplaneinheit.
 */
export async function aktenplanRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  // CSV arrives as text; 5 MB is room for a large Aktenplan.
  fastify.addContentTypeParser(
    ["text/csv", "text/plain"],
    { parseAs: "string", bodyLimit: 5 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );
  planRoutes(fastify, ctx);
  einheitRoutes(fastify, ctx);
}

/** The whole Aktenplan: read it, export it as CSV, import it from CSV (Registratur) or try the import. */
function planRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/aktenplan",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Aktenplan"],
        summary: "Der ganze Aktenplan (flach, mit parentId), natürlich sortiert",
        response: { 200: AktenplanSchema, ...problemResponses() },
      },
    },
    async (request) => aktenplan.listAktenplan(ctx, actorOf(request)),
  );

  app.get(
    "/aktenplan/export",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Aktenplan"],
        summary: "Aktenplan als CSV (Format wie beim Import)",
        produces: ["text/csv"],
      },
    },
    async (request, reply) => {
      const csv = await aktenplan.exportAktenplanCsv(ctx, actorOf(request));
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", 'attachment; filename="aktenplan.csv"')
        .send(`\uFEFF${csv}`);
    },
  );

  app.post(
    "/aktenplan/import",
    {
      config: { zugang: { rollen: ["Registratur", "Administration"] } },
      schema: {
        tags: ["Aktenplan"],
        summary:
          "Aktenplan aus CSV importieren (Registratur; alles oder nichts) oder mit probe=true zeigen, was sich ändern würde",
        description:
          "Body: CSV (text/csv), Trennzeichen Semikolon, Spalten siehe docs/aktenplan-csv.md. Fehler nennen Zeile und Spalte. Mit probe=true wird nichts übernommen; probieren dürfen auch Administratorinnen und Administratoren.",
        querystring: AktenplanImportOptionenSchema,
        body: Type.String({ minLength: 1 }),
        response: { 200: AktenplanImportErgebnisSchema, ...problemResponses(403) },
      },
    },
    async (request) =>
      aktenplan.importiereAktenplan(ctx, actorOf(request), request.body, {
        probelauf: request.query.probe === true,
      }),
  );
}

/** One Aktenplaneinheit: read it with its versions; the Registratur creates, changes, deletes. */
function einheitRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/aktenplan/:ref",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Aktenplan"],
        summary: "Eine Aktenplaneinheit mit ihren früheren Versionen",
        params: Ref,
        response: { 200: AktenplaneinheitMitVersionenSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      return aktenplan.getEinheit(ctx, actorOf(request), request.params.ref);
    },
  );

  app.post(
    "/aktenplan",
    {
      config: { zugang: { rollen: ["Registratur"] } },
      schema: {
        tags: ["Aktenplan"],
        summary: "Aktenplaneinheit anlegen (Registratur)",
        body: EinheitEingabeSchema,
        response: { 201: AktenplaneinheitSchema, ...problemResponses(403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await aktenplan.createEinheit(ctx, actorOf(request), request.body)),
  );

  app.patch(
    "/aktenplan/:ref",
    {
      config: { zugang: { rollen: ["Registratur"] } },
      schema: {
        tags: ["Aktenplan"],
        summary: "Aktenplaneinheit ändern oder schließen (Registratur; neue Version)",
        params: Ref,
        body: EinheitAenderungSchema,
        response: { 200: AktenplaneinheitSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) => aktenplan.updateEinheit(ctx, actorOf(request), request.params.ref, request.body),
  );

  app.delete(
    "/aktenplan/:ref",
    {
      config: { zugang: { rollen: ["Registratur"] } },
      schema: {
        tags: ["Aktenplan"],
        summary: "Unbenutzte Aktenplaneinheit löschen (Registratur); benutzte nur schließen",
        params: Ref,
        response: { 204: Type.Null(), ...problemResponses(403, 404, 409) },
      },
    },
    async (request, reply) => {
      await aktenplan.deleteEinheit(ctx, actorOf(request), request.params.ref);
      return reply.code(204).send(null);
    },
  );
}
