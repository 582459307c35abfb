import type { FastifyInstance, FastifyBaseLogger, RawReplyDefaultExpression } from "fastify";
import type { RawRequestDefaultExpression, RawServerDefault } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses, Uuid } from "../../platform/http/schemas.js";
import { VerteiltSchema, WeiterleitungSchema } from "./posteingang.schema.js";
import { leiteWeiter, verteiltAm } from "./verteilung.service.js";

type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Distribution: forwarding an item to another OE, and what one distributed on a day. */
export function verteilungRoutes(app: App, ctx: AppContext): void {
  app.post(
    "/posteingang/:id/weiterleiten",
    {
      // Forwarding is the Poststelle's or an Amt's decision, not an intake channel's: intake tokens
      // (scope posteingang) may put items in, never move them between OEs.
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Posteingang"],
        summary: "Eingang an den Posteingang einer anderen OE weiterleiten (Poststelle, Irrläufer)",
        params: Type.Object({ id: Uuid }, { additionalProperties: false }),
        body: WeiterleitungSchema,
        response: { 204: Type.Null(), ...problemResponses(404, 409) },
      },
    },
    async (request, reply) => {
      await leiteWeiter(ctx, actorOf(request), request.params.id, request.body);
      return reply.code(204).send(null);
    },
  );
  app.get(
    "/posteingang/verteilt",
    {
      config: { zugang: "angemeldet" },
      schema: {
        tags: ["Posteingang"],
        summary: "Was Sie an einem Tag verteilt haben (aufgenommen oder weitergeleitet), mit Ziel und Stand",
        querystring: Type.Object(
          {
            datum: Type.Optional(
              Type.String({ maxLength: 10, description: "JJJJ-MM-TT; ohne Angabe: heute" }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(VerteiltSchema), ...problemResponses() },
      },
    },
    async (request) => verteiltAm(ctx, actorOf(request), request.query.datum),
  );
}
