import { Type } from "typebox";

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
