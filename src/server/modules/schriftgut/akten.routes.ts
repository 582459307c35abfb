import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { VorgangKurzSchema } from "./vorgaenge.schema.js";
import {
  AkteAenderungSchema,
  AkteKurzSchema,
  AkteSchema,
  AktenSucheSchema,
  NeueAkteSchema,
  ZugriffSetzenSchema,
  ZugriffserklaerungSchema,
} from "./akten.schema.js";
import { createAkte } from "./akte-anlegen.service.js";
import { updateAkte } from "./akte-aendern.service.js";
import { getAkte, listAkten } from "./akte-lesen.service.js";
import { deleteAkte } from "./akte-loeschen.service.js";
import { addQuerverweis, removeQuerverweis } from "./akte-querverweise.service.js";
import { setZugriff } from "./akte-zugriff-setzen.service.js";
import { addBand } from "./band-anlegen.service.js";
import { listVorgaenge } from "./vorgang-lesen.service.js";
import { akteProtokoll } from "./akte-protokoll.js";
import { erklaereZugriff } from "./zugriff-erklaerung.js";

const Id = Type.Object({ id: Type.String({ format: "uuid" }) });

export async function aktenRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/akten",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Akten"],
        summary: "Akte anlegen; das Aktenzeichen wird vergeben",
        body: NeueAkteSchema,
        response: { 201: AkteSchema, ...problemResponses(403) },
      },
    },
    async (request, reply) => reply.code(201).send(await createAkte(ctx, actorOf(request), request.body)),
  );

  app.get(
    "/akten",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Akten"],
        summary: "Sichtbare Akten, neueste zuerst (Cursor-Seiten)",
        querystring: AktenSucheSchema,
        response: {
          200: Type.Object({
            eintraege: Type.Array(AkteKurzSchema),
            naechsterCursor: Type.Union([Type.String(), Type.Null()]),
          }),
          ...problemResponses(),
        },
      },
    },
    async (request) => listAkten(ctx, actorOf(request), request.query),
  );

  app.get(
    "/akten/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Akten"],
        summary: "Eine Akte mit ihren Vorgängen",
        params: Id,
        response: {
          200: Type.Object({ ...AkteSchema.properties, vorgaenge: Type.Array(VorgangKurzSchema) }),
          ...problemResponses(404),
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const akte = await getAkte(ctx, actor, request.params.id);
      return { ...akte, vorgaenge: akte.rechte.inhaltLesen ? await listVorgaenge(ctx, actor, akte.id) : [] };
    },
  );

  app.patch(
    "/akten/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Akten"],
        summary: "Angaben zur Akte ändern, schließen oder wieder öffnen",
        params: Id,
        body: AkteAenderungSchema,
        response: { 200: AkteSchema, ...problemResponses(403, 404) },
      },
    },
    async (request) => updateAkte(ctx, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    "/akten/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Akten"],
        summary: "Irrtümlich angelegte, leere Akte löschen (das Aktenzeichen wird nie wieder vergeben)",
        params: Id,
        response: { 204: Type.Null(), ...problemResponses(403, 404, 409) },
      },
    },
    async (request, reply) => {
      await deleteAkte(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/akten/:id/zugriff",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Akten"],
        summary: "Wer die Akte sehen darf und warum („Warum sehe ich das?“)",
        params: Id,
        response: { 200: ZugriffserklaerungSchema, ...problemResponses(404) },
      },
    },
    async (request) => erklaereZugriff(ctx, actorOf(request), request.params.id),
  );

  app.put(
    "/akten/:id/zugriff",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Akten"],
        summary: "Zugriffsbeschränkung und benannte Personen/Rollen setzen",
        params: Id,
        body: ZugriffSetzenSchema,
        response: { 200: AkteSchema, ...problemResponses(403, 404) },
      },
    },
    async (request) => setZugriff(ctx, actorOf(request), request.params.id, request.body),
  );

  app.post(
    "/akten/:id/querverweise",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Akten"],
        summary: "Querverweis auf eine andere Akte",
        params: Id,
        body: Type.Object(
          {
            ziel: Type.String({ minLength: 1, maxLength: 100, description: "Id oder Aktenzeichen" }),
            bemerkung: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AkteSchema, ...problemResponses(403, 404) },
      },
    },
    async (request) => addQuerverweis(ctx, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    "/akten/:id/querverweise/:ziel",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Akten"],
        summary: "Querverweis entfernen",
        params: Type.Object({ id: Type.String({ format: "uuid" }), ziel: Type.String({ format: "uuid" }) }),
        response: { 204: Type.Null(), ...problemResponses(403, 404) },
      },
    },
    async (request, reply) => {
      await removeQuerverweis(ctx, actorOf(request), request.params.id, request.params.ziel);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/akten/:id/baende",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Akten"],
        summary: "Neuen Band beginnen",
        params: Id,
        body: Type.Object(
          {
            titel: Type.Optional(Type.String({ maxLength: 200 })),
            beginn: Type.Optional(Type.String({ format: "date" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: AkteSchema, ...problemResponses(403, 404) },
      },
    },
    async (request) => addBand(ctx, actorOf(request), request.params.id, request.body),
  );

  app.get(
    "/akten/:id/protokoll",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Akten"],
        summary: "Protokoll der Akte und ihrer Vorgänge und Dokumente",
        params: Id,
        querystring: Type.Object(
          {
            vor: Type.Optional(Type.Integer({ minimum: 1 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
          },
          { additionalProperties: false },
        ),
        response: { ...problemResponses(404) },
      },
    },
    async (request) => akteProtokoll(ctx, actorOf(request), request.params.id, request.query),
  );
}
