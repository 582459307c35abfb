import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import type { Akteur } from "../access/index.js";
import { listDokumente } from "./dokument-lesen.service.js";
import { NeuerVorgangSchema, VorgangAenderungSchema, VorgangSchema } from "./vorgaenge.schema.js";
import { createVorgang } from "./vorgang-anlegen.service.js";
import { updateVorgang } from "./vorgang-aendern.service.js";
import { findeVorgang, getVorgang } from "./vorgang-lesen.service.js";
import { umprotokollieren } from "./vorgang-umprotokollieren.service.js";
import { hebeZdaAuf, verfuegeZda } from "./vorgang-zda.service.js";
import type { Vorgang } from "./vorgaenge.types.js";

const Id = Type.Object({ id: Type.String({ format: "uuid" }) });

export async function vorgaengeRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const mitDokumenten = async (v: Vorgang) => ({ ...v, dokumente: await listDokumente(ctx, v.id) });
  const respond =
    (work: (actor: Akteur) => Promise<Vorgang>) => async (request: Parameters<typeof actorOf>[0]) =>
      mitDokumenten(await work(actorOf(request)));

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
          await mitDokumenten(await createVorgang(ctx, actorOf(request), request.params.id, request.body)),
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
    async (request) => respond((actor) => getVorgang(ctx, actor, request.params.id))(request),
  );

  app.get(
    "/vorgaenge",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Vorgänge"],
        summary: "Vorgang nach Aktenzeichen und Nummer (auch unter dem Zeichen vor einer Umprotokollierung)",
        querystring: Type.Object(
          { aktenzeichen: Type.String({ minLength: 1, maxLength: 100 }), nr: Type.Integer({ minimum: 1 }) },
          { additionalProperties: false },
        ),
        response: { 200: VorgangSchema, ...problemResponses(404) },
      },
    },
    async (request) =>
      respond((actor) => findeVorgang(ctx, actor, request.query.aktenzeichen, request.query.nr))(request),
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
      respond((actor) => updateVorgang(ctx, actor, request.params.id, request.body))(request),
  );

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
    async (request) => respond((actor) => verfuegeZda(ctx, actor, request.params.id))(request),
  );

  app.post(
    "/vorgaenge/:id/zda-aufheben",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Vorgänge"],
        summary: "zdA mit Begründung aufheben",
        params: Id,
        body: Type.Object(
          { begruendung: Type.String({ minLength: 1, maxLength: 2000 }) },
          { additionalProperties: false },
        ),
        response: { 200: VorgangSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) =>
      respond((actor) => hebeZdaAuf(ctx, actor, request.params.id, request.body.begruendung))(request),
  );

  app.post(
    "/vorgaenge/:id/umprotokollieren",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Vorgänge"],
        summary: "Vorgang in eine andere Akte verschieben (Umprotokollierung)",
        params: Id,
        body: Type.Object(
          {
            zielAkte: Type.String({ minLength: 1, maxLength: 100, description: "Id oder Aktenzeichen" }),
            begruendung: Type.String({ minLength: 1, maxLength: 2000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: VorgangSchema, ...problemResponses(403, 404) },
      },
    },
    async (request) =>
      respond((actor) => umprotokollieren(ctx, actor, request.params.id, request.body))(request),
  );
}
