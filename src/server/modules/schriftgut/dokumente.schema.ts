import { Type } from "typebox";
import { AkteRechteSchema } from "./akten.schema.js";
import { dokumentTypen } from "../../../shared/schriftgut.js";

const Datum = Type.Union([Type.String({ format: "date" }), Type.Null()]);
const Text = (max: number) => Type.Union([Type.String({ maxLength: max }), Type.Null()]);

export const DokumentKurzSchema = Type.Object({
  id: Type.String({ format: "uuid" }),
  typ: Type.Enum(dokumentTypen),
  titel: Type.String(),
  datumDesSchreibens: Datum,
  eingangsdatum: Datum,
  absender: Text(500),
  empfaenger: Text(500),
  fremdesGeschaeftszeichen: Text(200),
  aktuelleVersion: Type.Integer(),
  mimeTyp: Type.Union([Type.String(), Type.Null()]),
  groesse: Type.Union([Type.Integer(), Type.Null()]),
  erstelltAm: Type.String({ format: "date-time" }),
  vorschau: Type.Boolean({ description: "Ein Vorschaubild der ersten Seite liegt vor" }),
});

export const DokumentVersionSchema = Type.Object({
  nr: Type.Integer(),
  sha256: Type.String(),
  dateiname: Type.String(),
  originaldateiname: Type.String(),
  mimeTyp: Type.String({ description: "aus dem Inhalt erkannt, nicht aus dem Namen" }),
  groesse: Type.Integer(),
  kommentar: Type.String(),
  erstelltAm: Type.String({ format: "date-time" }),
  erstelltVon: Type.Union([Type.Object({ id: Type.String(), anzeigename: Type.String() }), Type.Null()]),
});

export const DokumentSchema = Type.Object({
  ...DokumentKurzSchema.properties,
  vorgang: Type.Object({
    id: Type.String(),
    zeichen: Type.String(),
    betreff: Type.String(),
    status: Type.String(),
  }),
  akte: Type.Object({ id: Type.String(), aktenzeichen: Type.String() }),
  versionen: Type.Array(DokumentVersionSchema),
  scanprotokoll: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
    description: "Scanprotokoll nach TR-RESISCAN (wer, wann, Gerät, Auflösung, Qualitätsprüfung, SHA-256)",
  }),
  texterkennung: Type.Union(
    [
      Type.Object({
        status: Type.Enum(["wartend", "laeuft", "fertig", "fehlgeschlagen", "nicht_verfuegbar"] as const),
        grund: Type.Union([Type.String(), Type.Null()]),
        quelle: Type.Union([Type.String(), Type.Null()]),
        seiten: Type.Union([Type.Integer(), Type.Null()]),
        rendition: Type.Boolean({
          description: "Eine durchsuchbare PDF-Fassung (OCR) liegt neben dem unveränderten Original",
        }),
        vorschau: Type.Boolean({ description: "Ein Vorschaubild der ersten Seite liegt vor" }),
      }),
      Type.Null(),
    ],
    { description: "Texterkennung der aktuellen Version" },
  ),
  rechte: Type.Object({
    ...AkteRechteSchema.properties,
    dokumentAnlegen: Type.Boolean(),
    zdaVerfuegen: Type.Boolean(),
    zdaAufheben: Type.Boolean(),
    versionAnlegen: Type.Boolean(),
  }),
});

/** The JSON in the multipart field `metadaten`. */
export const DokumentMetadatenSchema = Type.Object(
  {
    typ: Type.Enum(dokumentTypen),
    titel: Type.Optional(
      Type.String({ minLength: 1, maxLength: 500, description: "ohne Angabe: der Dateiname" }),
    ),
    datumDesSchreibens: Type.Optional(Datum),
    eingangsdatum: Type.Optional(Datum),
    absender: Type.Optional(Text(500)),
    empfaenger: Type.Optional(Text(500)),
    fremdesGeschaeftszeichen: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);

export const DokumentAenderungSchema = Type.Partial(DokumentMetadatenSchema, { additionalProperties: false });

export const EmailAnsichtSchema = Type.Object({
  betreff: Type.String(),
  von: Type.String(),
  an: Type.Array(Type.String()),
  cc: Type.Array(Type.String()),
  datum: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
  text: Type.String(),
  html: Type.Union([Type.String(), Type.Null()], {
    description:
      "Bereinigt: ohne Skripte, Formulare, Stile und externe Bilder; nur in einem Sandbox-Rahmen anzeigen",
  }),
  externeBilderEntfernt: Type.Boolean(),
  anlagen: Type.Array(
    Type.Object({ dateiname: Type.String(), mimeTyp: Type.String(), groesse: Type.Integer() }),
  ),
});
