import { Type } from "typebox";

/** One entry of the Protokoll as the API answers it. */
export const ProtokollEintragSchema = Type.Object({
  nr: Type.Integer(),
  zeit: Type.String({ format: "date-time" }),
  akteurId: Type.Union([Type.String(), Type.Null()]),
  akteurName: Type.String(),
  imAuftragVonId: Type.Union([Type.String(), Type.Null()]),
  imAuftragVonName: Type.Union([Type.String(), Type.Null()], {
    description: "Vertretene Person, wenn i. V. gehandelt wurde",
  }),
  aktion: Type.String(),
  objektArt: Type.String(),
  objektId: Type.String(),
  details: Type.Record(Type.String(), Type.Unknown()),
  vorherigerHash: Type.String(),
  hash: Type.String(),
});

/** Which entries to read (GET /protokoll): by object, kind or Akteur, a page before a number. */
export const ProtokollFilterSchema = Type.Object(
  {
    objekt: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "Id des Objekts" })),
    objektArt: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    akteur: Type.Optional(Type.String({ format: "uuid", description: "Id des handelnden Benutzers" })),
    vor: Type.Optional(Type.Integer({ minimum: 1, description: "Cursor: Einträge vor dieser Nummer" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  },
  { additionalProperties: false },
);

/** A page of the Protokoll, newest first; `naechsteSeite` is the cursor for the next page. */
export const ProtokollSeiteSchema = Type.Object({
  eintraege: Type.Array(ProtokollEintragSchema),
  naechsteSeite: Type.Union([Type.Integer(), Type.Null()]),
});
