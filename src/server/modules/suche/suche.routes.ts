import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { Type } from "typebox";
import { Uuid } from "../../platform/http/schemas.js";
import { gespeicherteSuchen, loescheSuche, speichereSuche } from "./gespeicherte-suche.service.js";
import {
  GespeicherteSucheSchema,
  NeueGespeicherteSucheSchema,
  SuchAnfrageSchema,
  SuchErgebnisSchema,
} from "./suche.schema.js";
import { suche } from "./suche.service.js";

export async function sucheRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/suche",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Suche"],
        summary: "Volltextsuche über Akten, Vorgänge und Dokumente (nur was der Benutzer sehen darf)",
        querystring: SuchAnfrageSchema,
        response: { 200: SuchErgebnisSchema, ...problemResponses() },
      },
    },
    async (request) => {
      const { q, limit, offset, sortierung, ...filter } = request.query;
      return suche(
        ctx,
        actorOf(request),
        q,
        filter,
        { limit: limit ?? 20, offset: offset ?? 0 },
        sortierung ?? "relevanz",
      );
    },
  );
}

/** Saved searches: per user, shareable within one of the user's OEs. */
export async function gespeicherteSuchenRoutes(
  fastify: FastifyInstance,
  { ctx }: { ctx: AppContext },
): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/gespeicherte-suchen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Suche"],
        summary: "Gespeicherte Suchen: eigene und die mit Ihrer OE geteilten",
        response: { 200: Type.Array(GespeicherteSucheSchema), ...problemResponses() },
      },
    },
    async (request) => gespeicherteSuchen(ctx, actorOf(request)),
  );
  app.post(
    "/gespeicherte-suchen",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Suche"],
        summary: "Suche unter einem Namen speichern (optional mit einer eigenen OE teilen)",
        body: NeueGespeicherteSucheSchema,
        response: { 201: GespeicherteSucheSchema, ...problemResponses() },
      },
    },
    async (request, reply) => reply.code(201).send(await speichereSuche(ctx, actorOf(request), request.body)),
  );
  app.delete(
    "/gespeicherte-suchen/:id",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Suche"],
        summary: "Eigene gespeicherte Suche löschen",
        params: Type.Object({ id: Uuid }, { additionalProperties: false }),
        response: { 204: Type.Null(), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await loescheSuche(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}
