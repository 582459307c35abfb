import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { AppContext } from "../../platform/context.js";
import { actorOf } from "../../platform/http/zugang.js";
import { problemResponses } from "../../platform/http/schemas.js";
import { LetzterVerzeichnisberichtSchema } from "./verzeichnisabgleich.schema.js";
import { letzterVerzeichnisbericht } from "./verzeichnisabgleich.service.js";

/** The directory sync as the Verwaltung sees it: the last report (the sync runs by CLI or schedule). */
export function verzeichnisabgleichRoutes(fastify: FastifyInstance, ctx: AppContext): void {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    "/verzeichnisabgleich",
    {
      config: { zugang: { rollen: ["Administration"] } },
      schema: {
        tags: ["Anmeldung"],
        summary: "Bericht des letzten Verzeichnisabgleichs (AD/LDAP)",
        response: { 200: LetzterVerzeichnisberichtSchema, ...problemResponses(403) },
      },
    },
    async (request) => letzterVerzeichnisbericht(ctx, actorOf(request)),
  );
}
