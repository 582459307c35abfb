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
  grund: Type.Union([Type.String(), Type.Null()], {
    description: "Warum die Version angelegt wurde (bei der ersten Version keiner)",
  }),
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

/** What the viewer knows before it draws a page of a version. */
export const SeitenangabenSchema = Type.Object({
  seiten: Type.Integer({ description: "Anzahl der Seiten; 0, wenn es keine Seitenansicht gibt" }),
  formate: Type.Array(
    Type.Object({
      breite: Type.Number({ description: "Breite der Seite in Punkt (1/72 Zoll)" }),
      hoehe: Type.Number({ description: "Höhe der Seite in Punkt (1/72 Zoll)" }),
    }),
    { description: "Größe jeder Seite, in Seitenfolge: so reserviert die Ansicht den Platz vorab" },
  ),
  quelle: Type.Union([Type.Literal("original"), Type.Literal("durchsuchbar"), Type.Null()], {
    description: "Gezeichnet aus dem Original oder aus der durchsuchbaren Fassung (OCR)",
  }),
  grund: Type.Union([Type.String(), Type.Null()], { description: "Warum es keine Seiten gibt" }),
  breiten: Type.Array(Type.Integer(), {
    description: "Breiten in Pixeln, in denen Seitenbilder geliefert werden",
  }),
  text: Type.Boolean({ description: "Die Seiten haben Text: die Suche nennt die Seite jedes Treffers" }),
});

/** Page and width of a page image. */
export const SeitenbildAnfrageSchema = Type.Object({
  seite: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 100_000, default: 1, description: "Seite, ab 1" }),
  ),
  breite: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 100_000,
      default: 800,
      description: "Breite in Pixeln: 160 (Miniatur), 800, 1200 oder 1600",
    }),
  ),
});

/** The search in one version's text. */
export const FundstellenAnfrageSchema = Type.Object({
  q: Type.String({ minLength: 1, maxLength: 200, description: "Gesuchtes Wort oder gesuchte Wortfolge" }),
});

export const FundstellenSchema = Type.Object({
  treffer: Type.Array(
    Type.Object({
      seite: Type.Union([Type.Integer(), Type.Null()], {
        description: "Seite des Treffers; null, wenn der Text keine Seiten hat (Office, E-Mail)",
      }),
      vorher: Type.String(),
      treffer: Type.String(),
      nachher: Type.String(),
    }),
  ),
  begrenzt: Type.Boolean({ description: "Es gibt mehr Treffer als geliefert (höchstens 200)" }),
});
