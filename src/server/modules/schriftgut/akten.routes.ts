import type { FastifyInstance, FastifySchema } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type, type TSchema } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { listVorgaenge } from "./vorgang-lesen.service.js";
import { AkteMitVorgaengenSchema } from "./vorgaenge.schema.js";
import {
  AkteAenderungSchema,
  AkteProtokollFilterSchema,
  AkteSchema,
  AktenSeiteSchema,
  AktenSucheSchema,
  NeueAkteSchema,
  NeuerBandSchema,
  NeuerQuerverweisSchema,
  ZugriffSetzenSchema,
  ZugriffserklaerungSchema,
} from "./akten.schema.js";
import { updateAkte } from "./akte-aendern.service.js";
import { createAkte } from "./akte-anlegen.service.js";
import { getAkte, listAkten } from "./akte-lesen.service.js";
import { deleteAkte } from "./akte-loeschen.service.js";
import { addQuerverweis, removeQuerverweis } from "./akte-querverweise.service.js";
import { setZugriff } from "./akte-zugriff-setzen.service.js";
import { addBand } from "./band-anlegen.service.js";
import { akteProtokoll } from "./akte-protokoll.js";
import { erklaereZugriff } from "./zugriff-erklaerung.js";

const Id = Type.Object({ id: Type.String({ format: "uuid" }) });

/**
 * The options of an Akten route: any signed-in person may call it, the use case checks the right
 * on the Akte itself.
 */
function angemeldet<S extends FastifySchema>(schema: S) {
  return { config: { zugang: "angemeldet" as const }, schema: { tags: ["Akten"], ...schema } };
}

/** The options of a change to one Akte that answers with the changed Akte. */
function akteAendern<B extends TSchema>(summary: string, body: B) {
  return angemeldet({
    summary,
    params: Id,
    body,
    response: { 200: AkteSchema, ...problemResponses(403, 404) },
  });
}

/**
 * The Akten routes, registered in the order the API document lists them: the Akte itself, who may
 * see it, its Querverweise and Bände, its history.
 */
export async function aktenRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  akteRoutes(fastify, ctx);
  zugriffRoutes(fastify, ctx);
  querverweisUndBandRoutes(fastify, ctx);
  akteProtokollRoutes(fastify, ctx);
}

/** Creating, listing, reading, changing and deleting Akten. */
function akteRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/akten",
    angemeldet({
      summary: "Akte anlegen; das Aktenzeichen wird vergeben",
      body: NeueAkteSchema,
      response: { 201: AkteSchema, ...problemResponses(403) },
    }),
    async (request, reply) => reply.code(201).send(await createAkte(ctx, actorOf(request), request.body)),
  );

  app.get(
    "/akten",
    angemeldet({
      summary: "Sichtbare Akten, neueste zuerst (Cursor-Seiten)",
      querystring: AktenSucheSchema,
      response: { 200: AktenSeiteSchema, ...problemResponses() },
    }),
    async (request) => listAkten(ctx, actorOf(request), request.query),
  );

  app.get(
    "/akten/:id",
    angemeldet({
      summary: "Eine Akte mit ihren Vorgängen",
      params: Id,
      response: { 200: AkteMitVorgaengenSchema, ...problemResponses(404) },
    }),
    async (request) => {
      const actor = actorOf(request);
      const akte = await getAkte(ctx, actor, request.params.id);
      return { ...akte, vorgaenge: akte.rechte.inhaltLesen ? await listVorgaenge(ctx, actor, akte.id) : [] };
    },
  );

  app.patch(
    "/akten/:id",
    akteAendern("Angaben zur Akte ändern, schließen oder wieder öffnen", AkteAenderungSchema),
    async (request) => updateAkte(ctx, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    "/akten/:id",
    angemeldet({
      summary: "Irrtümlich angelegte, leere Akte löschen (das Aktenzeichen wird nie wieder vergeben)",
      params: Id,
      response: { 204: Type.Null(), ...problemResponses(403, 404, 409) },
    }),
    async (request, reply) => {
      await deleteAkte(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

/** Who may see an Akte, and why; the Zugriffsbeschränkung. */
function zugriffRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/akten/:id/zugriff",
    angemeldet({
      summary: "Wer die Akte sehen darf und warum („Warum sehe ich das?“)",
      params: Id,
      response: { 200: ZugriffserklaerungSchema, ...problemResponses(404) },
    }),
    async (request) => erklaereZugriff(ctx, actorOf(request), request.params.id),
  );

  app.put(
    "/akten/:id/zugriff",
    akteAendern("Zugriffsbeschränkung und benannte Personen/Rollen setzen", ZugriffSetzenSchema),
    async (request) => setZugriff(ctx, actorOf(request), request.params.id, request.body),
  );
}

/** Querverweise between Akten, and the Bände of a large Akte. */
function querverweisUndBandRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    "/akten/:id/querverweise",
    akteAendern("Querverweis auf eine andere Akte", NeuerQuerverweisSchema),
    async (request) => addQuerverweis(ctx, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    "/akten/:id/querverweise/:ziel",
    angemeldet({
      summary: "Querverweis entfernen",
      params: Type.Object({ id: Type.String({ format: "uuid" }), ziel: Type.String({ format: "uuid" }) }),
      response: { 204: Type.Null(), ...problemResponses(403, 404) },
    }),
    async (request, reply) => {
      await removeQuerverweis(ctx, actorOf(request), request.params.id, request.params.ziel);
      return reply.code(204).send(null);
    },
  );

  app.post("/akten/:id/baende", akteAendern("Neuen Band beginnen", NeuerBandSchema), async (request) =>
    addBand(ctx, actorOf(request), request.params.id, request.body),
  );
}

/** The history of an Akte, its Vorgänge and Dokumente. */
function akteProtokollRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/akten/:id/protokoll",
    angemeldet({
      summary: "Protokoll der Akte und ihrer Vorgänge und Dokumente",
      params: Id,
      querystring: AkteProtokollFilterSchema,
      response: { ...problemResponses(404) },
    }),
    async (request) => akteProtokoll(ctx, actorOf(request), request.params.id, request.query),
  );
}
