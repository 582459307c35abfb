import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { listDokumente } from "./dokument-lesen.service.js";
import {
  NeuerVorgangSchema,
  UmprotokollierungSchema,
  VorgangAenderungSchema,
  VorgangSchema,
  VorgangSucheSchema,
  ZdaAufhebungSchema,
} from "./vorgaenge.schema.js";
import { createVorgang } from "./vorgang-anlegen.service.js";
import { updateVorgang } from "./vorgang-aendern.service.js";
import { findeVorgang, getVorgang } from "./vorgang-lesen.service.js";
import { umprotokollieren } from "./vorgang-umprotokollieren.service.js";
import { hebeZdaAuf, verfuegeZda } from "./vorgang-zda.service.js";
import type { Vorgang } from "./vorgaenge.types.js";

const Id = Type.Object({ id: Type.String({ format: "uuid" }) });

/** Every route answers with the Vorgang and its Dokumente (metadata only). */
async function mitDokumenten(ctx: AppContext, v: Vorgang) {
  return { ...v, dokumente: await listDokumente(ctx, v.id) };
}

/**
 * The Vorgang routes, registered in the order the API document lists them: the Vorgang itself,
 * then zdA and Umprotokollierung.
 */
export async function vorgaengeRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  vorgangRoutes(fastify, ctx);
  abschlussRoutes(fastify, ctx);
}

/** Creating, finding, reading and changing Vorgänge. */
function vorgangRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/akten/:id/vorgaenge",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Vorgänge"],
        summary: "Vorgang in einer Akte anlegen",
        params: Id,
        body: NeuerVorgangSchema,
        response: { 201: VorgangSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await mitDokumenten(
            ctx,
            await createVorgang(ctx, actorOf(request), request.params.id, request.body),
          ),
        ),
  );

  app.get(
    "/vorgaenge/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Vorgänge"],
        summary: "Ein Vorgang mit seinen Dokumenten (nur Metadaten)",
        params: Id,
        response: { 200: VorgangSchema, ...problemResponses(404) },
      },
    },
    async (request) => mitDokumenten(ctx, await getVorgang(ctx, actorOf(request), request.params.id)),
  );

  app.get(
    "/vorgaenge",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Vorgänge"],
        summary: "Vorgang nach Aktenzeichen und Nummer (auch unter dem Zeichen vor einer Umprotokollierung)",
        querystring: VorgangSucheSchema,
        response: { 200: VorgangSchema, ...problemResponses(404) },
      },
    },
    async (request) =>
      mitDokumenten(
        ctx,
        await findeVorgang(ctx, actorOf(request), request.query.aktenzeichen, request.query.nr),
      ),
  );

  app.patch(
    "/vorgaenge/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Vorgänge"],
        summary: "Betreff, Frist oder Metadaten ändern",
        params: Id,
        body: VorgangAenderungSchema,
        response: { 200: VorgangSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) =>
      mitDokumenten(ctx, await updateVorgang(ctx, actorOf(request), request.params.id, request.body)),
  );
}

/** Closing a Vorgang (zdA), reopening it, moving it to another Akte. */
function abschlussRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/vorgaenge/:id/zda",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Vorgänge"],
        summary: "zu den Akten verfügen (zdA)",
        params: Id,
        response: { 200: VorgangSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) => mitDokumenten(ctx, await verfuegeZda(ctx, actorOf(request), request.params.id)),
  );

  app.post(
    "/vorgaenge/:id/zda-aufheben",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Vorgänge"],
        summary: "zdA mit Begründung aufheben",
        params: Id,
        body: ZdaAufhebungSchema,
        response: { 200: VorgangSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) =>
      mitDokumenten(
        ctx,
        await hebeZdaAuf(ctx, actorOf(request), request.params.id, request.body.begruendung),
      ),
  );

  app.post(
    "/vorgaenge/:id/umprotokollieren",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Vorgänge"],
        summary: "Vorgang in eine andere Akte verschieben (Umprotokollierung)",
        params: Id,
        body: UmprotokollierungSchema,
        response: { 200: VorgangSchema, ...problemResponses(403, 404) },
      },
    },
    async (request) =>
      mitDokumenten(ctx, await umprotokollieren(ctx, actorOf(request), request.params.id, request.body)),
  );
}
