import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { zeigeAnmeldedienste } from "./anmeldedienste.service.js";
import * as verzeichnis from "./verzeichnis.service.js";
import {
  AnmeldediensteSchema,
  GruppenzuordnungEingabeSchema,
  GruppenzuordnungSchema,
  GruppenzuordnungVorschauSchema,
} from "./verzeichnis.schema.js";

const IdParams = Type.Object({ id: Type.String({ format: "uuid" }) });
const admin = { zugang: { rollen: ["Administration" as const] } };

/** The configured sign-in methods and the group mapping (Verwaltung → Anmeldung): Administration only. */
export function verzeichnisRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/anmeldedienste",
    {
      config: admin,
      schema: {
        tags: ["Anmeldung"],
        summary:
          "Eingerichtete Anmeldedienste: OpenID Connect, Verzeichnis (AD/LDAP), lokale Anmeldung, Notfallkonto (ohne Geheimnisse)",
        response: { 200: AnmeldediensteSchema, ...problemResponses(403) },
      },
    },
    async (request) => zeigeAnmeldedienste(ctx, actorOf(request)),
  );

  app.get(
    "/gruppenzuordnungen",
    {
      config: admin,
      schema: {
        tags: ["Anmeldung"],
        summary: "Gruppenzuordnung: Verzeichnisgruppe → OE und Rolle (Administration)",
        response: { 200: Type.Array(GruppenzuordnungSchema), ...problemResponses(403) },
      },
    },
    async (request) => verzeichnis.listGruppenzuordnungen(ctx, actorOf(request)),
  );

  app.post(
    "/gruppenzuordnungen",
    {
      config: admin,
      schema: {
        tags: ["Anmeldung"],
        summary: "Gruppenzuordnung anlegen (wirkt bei der nächsten Anmeldung oder dem nächsten Abgleich)",
        body: GruppenzuordnungEingabeSchema,
        response: { 201: GruppenzuordnungSchema, ...problemResponses(403, 409) },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await verzeichnis.legeGruppenzuordnungAn(ctx, actorOf(request), request.body)),
  );

  app.put(
    "/gruppenzuordnungen/:id",
    {
      config: admin,
      schema: {
        tags: ["Anmeldung"],
        summary: "Gruppenzuordnung ändern",
        params: IdParams,
        body: GruppenzuordnungEingabeSchema,
        response: { 200: GruppenzuordnungSchema, ...problemResponses(403, 404, 409) },
      },
    },
    async (request) =>
      verzeichnis.aendereGruppenzuordnung(ctx, actorOf(request), request.params.id, request.body),
  );

  app.delete(
    "/gruppenzuordnungen/:id",
    {
      config: admin,
      schema: {
        tags: ["Anmeldung"],
        summary: "Gruppenzuordnung löschen",
        params: IdParams,
        response: { 204: Type.Null(), ...problemResponses(403, 404) },
      },
    },
    async (request, reply) => {
      await verzeichnis.loescheGruppenzuordnung(ctx, actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/gruppenzuordnungen/vorschau",
    {
      config: admin,
      schema: {
        tags: ["Anmeldung"],
        summary: "Vorschau: wen eine Zuordnung beträfe (nach den zuletzt gesehenen Gruppen)",
        body: GruppenzuordnungEingabeSchema,
        response: { 200: GruppenzuordnungVorschauSchema, ...problemResponses(403) },
      },
    },
    async (request) => verzeichnis.vorschauGruppenzuordnung(ctx, actorOf(request), request.body),
  );
}
