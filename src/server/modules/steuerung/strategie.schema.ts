import { Type, type Static } from "typebox";
import { DemodatenSchema } from "./steuerung.schema.js";

const Id = Type.String({
  minLength: 1,
  maxLength: 40,
  pattern: "^[A-Za-z0-9_-]+$",
  description: "Stabile Kennung im Dokument (vom Client vergeben), damit Fassungen verglichen werden können",
});
const Titel = Type.String({ minLength: 1, maxLength: 300, description: "Bezeichnung" });
const Datum = Type.String({ format: "date", description: "Datum (JJJJ-MM-TT)" });

export const MeilensteinSchema = Type.Object(
  {
    id: Id,
    titel: Titel,
    datum: Datum,
    erledigt: Type.Boolean({ description: "Meilenstein erreicht" }),
  },
  { additionalProperties: false },
);

export const MASSNAHMEN_STATUS = ["geplant", "laufend", "abgeschlossen", "zurueckgestellt"] as const;

export const MassnahmeSchema = Type.Object(
  {
    id: Id,
    titel: Titel,
    oeId: Type.String({ description: "Id der verantwortlichen Organisationseinheit" }),
    status: Type.Union(
      [
        Type.Literal("geplant"),
        Type.Literal("laufend"),
        Type.Literal("abgeschlossen"),
        Type.Literal("zurueckgestellt"),
      ],
      { description: "geplant, laufend, abgeschlossen oder zurückgestellt" },
    ),
    meilensteine: Type.Array(MeilensteinSchema, { maxItems: 50 }),
  },
  { additionalProperties: false },
);

export const ZielSchema = Type.Object(
  {
    id: Id,
    titel: Titel,
    kennzahl: Type.String({
      minLength: 1,
      maxLength: 80,
      description: "Schlüssel einer Kennzahl des Katalogs",
    }),
    zielwert: Type.Number({ description: "Zielwert in der Einheit der Kennzahl (Anteil in %)" }),
    richtung: Type.Union([Type.Literal("mindestens"), Type.Literal("hoechstens")], {
      description: "Ziel erreicht, wenn der Messwert mindestens / höchstens den Zielwert erreicht",
    }),
    zieldatum: Datum,
  },
  { additionalProperties: false },
);

export const HandlungsfeldSchema = Type.Object(
  {
    id: Id,
    titel: Titel,
    ziele: Type.Array(ZielSchema, { maxItems: 50 }),
    massnahmen: Type.Array(MassnahmeSchema, { maxItems: 50 }),
  },
  { additionalProperties: false },
);

export const StrategieInhaltSchema = Type.Object(
  {
    titel: Type.String({ maxLength: 300, description: "Titel der Strategie" }),
    handlungsfelder: Type.Array(HandlungsfeldSchema, { maxItems: 30 }),
  },
  { additionalProperties: false, $id: "StrategieInhalt", description: "Die Strategie als Dokument" },
);
export type StrategieInhalt = Static<typeof StrategieInhaltSchema>;
export type Ziel = Static<typeof ZielSchema>;
export type Massnahme = Static<typeof MassnahmeSchema>;
export type Handlungsfeld = Static<typeof HandlungsfeldSchema>;

export const EntwurfSpeichernSchema = Type.Object(
  {
    revision: Type.Integer({ minimum: 0, description: "Revision des Entwurfs, auf dem die Änderung beruht" }),
    inhalt: StrategieInhaltSchema,
  },
  { additionalProperties: false },
);

export const FortschreibungSchema = Type.Object(
  {
    beschlossenAm: Datum,
    notiz: Type.String({ maxLength: 1000, description: "z. B. „Kreistagsbeschluss vom …“" }),
  },
  { additionalProperties: false },
);

const ZielstandSchema = Type.Object({
  zielId: Type.String(),
  imKatalog: Type.Boolean({ description: "false: Kennzahl nicht mehr im Katalog" }),
  kennzahlName: Type.Union([Type.String(), Type.Null()]),
  art: Type.Union([Type.String(), Type.Null()], { description: "anteil, anzahl, dauer, bestand" }),
  monat: Type.Union([Type.String(), Type.Null()], { description: "letzter Monat mit Daten" }),
  messwert: Type.Union([Type.Number(), Type.Null()]),
  vergleichsmonat: Type.Union([Type.String(), Type.Null()]),
  veraenderung: Type.Union([Type.Number(), Type.Null()], {
    description: "Änderung seit dem Vergleichsmonat",
  }),
  bewertung: Type.Union(
    [
      Type.Literal("erreicht"),
      Type.Literal("auf_kurs"),
      Type.Literal("nicht_auf_kurs"),
      Type.Literal("unbekannt"),
    ],
    { description: "Ob die Trendlinie den Zielwert bis zum Zieldatum erreicht" },
  ),
  hinweis: Type.Union([Type.String(), Type.Null()]),
});

export const FassungKurzSchema = Type.Object({
  nummer: Type.Integer(),
  beschlossenAm: Type.String(),
  notiz: Type.String(),
  erfasstAm: Type.String(),
  erfasstVon: Type.Union([Type.String(), Type.Null()]),
});

export const StrategieSchema = Type.Object(
  {
    entwurf: Type.Object({
      inhalt: StrategieInhaltSchema,
      revision: Type.Integer(),
      geaendertAm: Type.Union([Type.String(), Type.Null()]),
    }),
    fassungen: Type.Array(FassungKurzSchema),
    zielstand: Type.Array(ZielstandSchema),
    oes: Type.Record(Type.String(), Type.String(), { description: "Namen der verantwortlichen OEs je Id" }),
    darfBearbeiten: Type.Boolean(),
    demodaten: DemodatenSchema,
  },
  { $id: "Strategie", description: "Entwurf, Fortschreibungen und Stand der Ziele" },
);

export const FassungSchema = Type.Object(
  {
    nummer: Type.Integer(),
    beschlossenAm: Type.String(),
    notiz: Type.String(),
    inhalt: StrategieInhaltSchema,
  },
  { $id: "StrategieFassung" },
);

export const UnterschiedAnfrageSchema = Type.Object(
  {
    von: Type.Integer({ minimum: 1, maximum: 100000, description: "ältere Fassung" }),
    bis: Type.Integer({ minimum: 1, maximum: 100000, description: "neuere Fassung" }),
  },
  { additionalProperties: false },
);

export const UnterschiedSchema = Type.Object(
  {
    von: Type.Integer(),
    bis: Type.Integer(),
    aenderungen: Type.Array(Type.String(), { description: "Änderungen als deutsche Sätze" }),
  },
  { $id: "StrategieUnterschied" },
);

export const WELLEN = ["geplant", "pilot", "produktiv"] as const;

export const EinfuehrungEingabeSchema = Type.Object(
  {
    welle: Type.Union([Type.Literal("geplant"), Type.Literal("pilot"), Type.Literal("produktiv")], {
      description: "geplant, Pilot, produktiv",
    }),
    geplantAb: Type.Optional(Type.Union([Datum, Type.Null()])),
    pilotAb: Type.Optional(Type.Union([Datum, Type.Null()])),
    produktivAb: Type.Optional(Type.Union([Datum, Type.Null()])),
    geschultAnzahl: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 100000 }), Type.Null()])),
    geschultProzent: Type.Optional(Type.Union([Type.Number({ minimum: 0, maximum: 100 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const EinfuehrungSchema = Type.Object(
  {
    oe: Type.Object({ id: Type.String(), kuerzel: Type.String(), name: Type.String() }),
    welle: Type.Union([Type.String(), Type.Null()], { description: "null: noch nicht erfasst" }),
    geplantAb: Type.Union([Type.String(), Type.Null()]),
    pilotAb: Type.Union([Type.String(), Type.Null()]),
    produktivAb: Type.Union([Type.String(), Type.Null()]),
    personen: Type.Union([Type.Integer(), Type.Null()], { description: "null: unter fünf Personen" }),
    geschultAnzahl: Type.Union([Type.Integer(), Type.Null()]),
    geschultAnteil: Type.Union([Type.Number(), Type.Null()], { description: "Anteil geschult in %" }),
    unterdrueckt: Type.Boolean(),
  },
  { $id: "Einfuehrung" },
);

const VergleichSchema = Type.Object({
  kennzahl: Type.String(),
  name: Type.String(),
  art: Type.String(),
  vorher: Type.Union([Type.Number(), Type.Null()]),
  nachher: Type.Union([Type.Number(), Type.Null()]),
});

export const EinfuehrungDetailSchema = Type.Object(
  {
    stand: EinfuehrungSchema,
    stichtag: Type.Union([Type.String(), Type.Null()], { description: "Produktivstart (sonst Pilotstart)" }),
    vorherMonate: Type.Array(Type.String()),
    nachherMonate: Type.Array(Type.String()),
    vergleich: Type.Array(VergleichSchema),
  },
  { $id: "EinfuehrungDetail" },
);

export const OeParamSchema = Type.Object({ oeId: Type.String({ description: "Id der OE" }) });
export const NummerParamSchema = Type.Object({
  nummer: Type.Integer({ minimum: 1, maximum: 100000, description: "Nummer der Fassung" }),
});
