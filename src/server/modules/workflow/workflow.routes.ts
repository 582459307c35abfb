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
import * as benachrichtigung from "./benachrichtigung.service.js";
import { geschaeftsgangRoutes, laufwegRoutes, schrittRoutes } from "./geschaeftsgang.routes.js";
import { getPostkorb } from "./postkorb.service.js";
import { laufwegvorlageRoutes, zeichnungsbefugnisRoutes } from "./vorlagen.routes.js";
import * as wiedervorlage from "./wiedervorlage.service.js";
import {
  AbwesenheitSchema,
  BenachrichtigungenSchema,
  NeueWiedervorlageSchema,
  PostkorbFilterSchema,
  PostkorbSchema,
  StandardvertretungSchema,
  TagesberichtSchema,
  WiedervorlageSchema,
} from "./workflow.schema.js";

const Id = Type.Object({ id: Type.String({ format: "uuid" }) });
const P = ["Postkorb"];

/**
 * The workflow routes, area by area, registered in the order the API document lists them: the
 * Postkorb, Geschäftsgänge, their Laufweg and steps (geschaeftsgang.routes.ts), Wiedervorlagen,
 * Benachrichtigungen, Abwesenheit and Vertretung, Zeichnungsbefugnisse and Laufwegvorlagen
 * (vorlagen.routes.ts).
 */
export async function workflowRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  postkorbRoutes(fastify, ctx);
  geschaeftsgangRoutes(fastify, ctx);
  laufwegRoutes(fastify, ctx);
  schrittRoutes(fastify, ctx);
  wiedervorlageRoutes(fastify, ctx);
  benachrichtigungRoutes(fastify, ctx);
  vertretungRoutes(fastify, ctx);
  zeichnungsbefugnisRoutes(fastify, ctx);
  laufwegvorlageRoutes(fastify, ctx);
}

/** The Postkorb of a person or an OE. */
function postkorbRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

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
}

/** Wiedervorlagen. */
function wiedervorlageRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

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
}

/** Benachrichtigungen and the daily report. */
function benachrichtigungRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

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
        response: { 200: TagesberichtSchema },
      },
    },
    async (request) => benachrichtigung.setzeTagesbericht(ctx, actorOf(request), request.body.tagesbericht),
  );
}

/** Abwesenheit and Vertretung (kept by access, shown with the Postkorb). */
function vertretungRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

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
        response: { 200: StandardvertretungSchema, ...problemResponses(403) },
      },
    },
    async (request) =>
      setzeStandardvertretung(ctx, actorOf(request), request.params.oe, request.body.vertreter),
  );
}
