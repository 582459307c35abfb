import { Type, type TSchema } from "typebox";

/** RFC 9457 problem details as Aktenwerk sends them. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String({ description: "Stabiler Fehlertyp, z. B. urn:aktenwerk:problem:nicht_gefunden" }),
    title: Type.String({ description: "Deutsche, verständliche Beschreibung" }),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    fehler: Type.Optional(
      Type.Array(Type.Object({ feld: Type.String(), meldung: Type.String() }), {
        description: "Probleme je Feld, damit das Formular sie am Feld zeigen kann",
      }),
    ),
    anfrageId: Type.Optional(Type.String({ description: "Anfrage-ID für die IT" })),
  },
  { $id: "Problem" },
);

export const Uuid = Type.String({ format: "uuid" });

/** Standard error responses of a protected route, for the OpenAPI document. */
export function problemResponses(...statuses: number[]): Record<number, TSchema> {
  const out: Record<number, TSchema> = {};
  for (const status of [400, 401, ...statuses]) out[status] = Type.Ref("Problem");
  return out;
}
