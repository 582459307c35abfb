import { Type } from "typebox";
import { AkteRechteSchema, AkteSchema } from "./akten.schema.js";
import { MetadatenfeldSchema } from "../../../shared/api/metadatenfeld.schema.js";
import { DokumentKurzSchema } from "./dokumente.schema.js";

const Status = Type.Enum(["in_bearbeitung", "zda"] as const, {
  description: "in_bearbeitung oder zda (zu den Akten)",
});
const Person = Type.Union([Type.Object({ id: Type.String(), anzeigename: Type.String() }), Type.Null()]);

export const VorgangKurzSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  nr: Type.Integer(),
  zeichen: Type.String({ description: "Aktenzeichen und laufende Nummer des Vorgangs" }),
  betreff: Type.String(),
  status: Status,
  frist: Type.Union([Type.String({ format: "date" }), Type.Null()]),
  zdaAm: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  anzahlDokumente: Type.Integer(),
  erstelltAm: Type.String({ format: "date-time" }),
});

export const VorgangSchema = Type.Object({
  ...VorgangKurzSchema.properties,
  akte: Type.Object({ id: Type.String(), aktenzeichen: Type.String(), betreff: Type.String() }),
  zdaVon: Person,
  metadaten: Type.Record(Type.String(), Type.Unknown()),
  metadatenfelder: Type.Array(MetadatenfeldSchema),
  erstelltVon: Person,
  geaendertAm: Type.String({ format: "date-time" }),
  frueher: Type.Array(
    Type.Object({
      aktenzeichen: Type.String(),
      nr: Type.Integer(),
      am: Type.String(),
      begruendung: Type.String(),
    }),
  ),
  rechte: Type.Object({
    ...AkteRechteSchema.properties,
    dokumentAnlegen: Type.Boolean(),
    zdaVerfuegen: Type.Boolean(),
    zdaAufheben: Type.Boolean(),
  }),
  dokumente: Type.Array(DokumentKurzSchema),
});

/** An Akte with its Vorgänge (GET /akten/{id}). */
export const AkteMitVorgaengenSchema = Type.Object({
  ...AkteSchema.properties,
  vorgaenge: Type.Array(VorgangKurzSchema),
});

export const NeuerVorgangSchema = Type.Object(
  {
    betreff: Type.String({ minLength: 1, maxLength: 500 }),
    frist: Type.Optional(Type.Union([Type.String({ format: "date" }), Type.Null()])),
    metadaten: Type.Optional(
      Type.Record(Type.String({ maxLength: 40 }), Type.Unknown(), {
        description: "Werte der Metadatenfelder der Aktenplaneinheit",
      }),
    ),
  },
  { additionalProperties: false },
);

export const VorgangAenderungSchema = Type.Partial(NeuerVorgangSchema, { additionalProperties: false });

/** A Vorgang by Aktenzeichen and number (GET /vorgaenge), also under a sign before Umprotokollierung. */
export const VorgangSucheSchema = Type.Object(
  { aktenzeichen: Type.String({ minLength: 1, maxLength: 100 }), nr: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);

/** Why a zdA is lifted (POST /vorgaenge/{id}/zda-aufheben). */
export const ZdaAufhebungSchema = Type.Object(
  { begruendung: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

/** Where a Vorgang moves, and why (POST /vorgaenge/{id}/umprotokollieren). */
export const UmprotokollierungSchema = Type.Object(
  {
    zielAkte: Type.String({ minLength: 1, maxLength: 100, description: "Id oder Aktenzeichen" }),
    begruendung: Type.String({ minLength: 1, maxLength: 2000 }),
  },
  { additionalProperties: false },
);
