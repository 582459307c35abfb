import type { FastifyInstance } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AppContext } from "../context.js";
import { diagnose } from "../diagnose.js";
import { BefundSchema } from "./betrieb.schema.js";
import { version } from "../paths.js";
import { problemResponses } from "./schemas.js";

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal("ok"), Type.Literal("eingeschraenkt"), Type.Literal("gestoert")], {
    description:
      "ok; eingeschraenkt: läuft, aber ein optionales Werkzeug fehlt; gestoert: Datenbank oder Ablage nicht erreichbar",
  }),
  version: Type.String(),
  datenbank: Type.Object({
    art: Type.Union([Type.Literal("eingebettet"), Type.Literal("extern")]),
    ok: Type.Boolean(),
  }),
  ablage: Type.Object({
    art: Type.Union([Type.Literal("dateisystem"), Type.Literal("s3")]),
    ok: Type.Boolean(),
  }),
  werkzeuge: Type.Object({
    ocrmypdf: Type.Object({ gefunden: Type.Boolean(), version: Type.Union([Type.String(), Type.Null()]) }),
    tesseract: Type.Object({
      gefunden: Type.Boolean(),
      version: Type.Union([Type.String(), Type.Null()]),
      sprachen: Type.Array(Type.String()),
    }),
    ghostscript: Type.Object({ gefunden: Type.Boolean(), version: Type.Union([Type.String(), Type.Null()]) }),
  }),
});

export async function healthRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/health",
    {
      config: { zugang: "oeffentlich" },
      schema: {
        tags: ["Betrieb"],
        summary: "Zustand des Servers",
        response: { 200: HealthSchema, 503: HealthSchema },
      },
    },
    async (_request, reply) => {
      const [dbOk, blobOk] = await Promise.all([ctx.db.ping(), ctx.blobs.check()]);
      const toolsOk = ctx.tools.ocrmypdf.gefunden && ctx.tools.tesseract.sprachen.includes("deu");
      const status = !dbOk || !blobOk ? "gestoert" : toolsOk ? "ok" : "eingeschraenkt";
      return reply.code(status === "gestoert" ? 503 : 200).send({
        status,
        version,
        datenbank: { art: ctx.db.kind, ok: dbOk },
        ablage: { art: ctx.blobs.kind, ok: blobOk },
        werkzeuge: ctx.tools,
      });
    },
  );
}

/** The same checks as `aktenwerk doctor`, for an administrator's Startseite. */
export async function diagnoseRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    "/betrieb/diagnose",
    {
      config: { zugang: { rollen: ["Administration"] } },
      schema: {
        tags: ["Betrieb"],
        summary: "Was der Maschine fehlt (wie aktenwerk doctor): Texterkennung, Schemas, Speicher, Datenbank",
        response: { 200: Type.Array(BefundSchema), ...problemResponses(403) },
      },
    },
    async () => diagnose({ config: ctx.config, tools: ctx.tools, db: ctx.db, blobs: ctx.blobs }),
  );
}
