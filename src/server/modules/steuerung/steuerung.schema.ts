import { Type } from "typebox";
import { AuswahlEintragSchema } from "../../../shared/api/auswahl.schema.js";
import { KENNZAHL_BEREICHE } from "../../../shared/steuerung.js";

export const KennzahlSchema = Type.Object(
  {
    schluessel: Type.String(),
    name: Type.String(),
    bereich: Type.Enum(KENNZAHL_BEREICHE, { description: "Bereich des Katalogs, in dem die Kennzahl steht" }),
    art: Type.Union([
      Type.Literal("anteil"),
      Type.Literal("anzahl"),
      Type.Literal("dauer"),
      Type.Literal("bestand"),
    ]),
    definition: Type.String(),
    quelle: Type.String(),
    sichtbarFuer: Type.String(),
    seit: Type.String({ format: "date" }),
  },
  { $id: "Kennzahl", description: "Ein Eintrag des Kennzahlenkatalogs" },
);

export const KennzahlenAnfrageSchema = Type.Object(
  {
    oe: Type.Optional(
      Type.String({
        description: "Id der OE oder „kreis“ für die ganze Kreisverwaltung; ohne: die eigene Reichweite",
      }),
    ),
    von: Type.String({ pattern: "^\\d{4}-\\d{2}$", description: "erster Monat (JJJJ-MM)" }),
    bis: Type.String({ pattern: "^\\d{4}-\\d{2}$", description: "letzter Monat (JJJJ-MM)" }),
  },
  { additionalProperties: false },
);

const MonatswertSchema = Type.Object({
  monat: Type.String(),
  wert: Type.Union([Type.Number(), Type.Null()]),
  p90: Type.Union([Type.Number(), Type.Null()]),
  anzahl: Type.Number(),
});

const GruppenFigurenSchema = Type.Object({
  oe: Type.Object({ id: Type.String(), kuerzel: Type.String(), name: Type.String() }),
  personen: Type.Union([Type.Integer(), Type.Null()]),
  unterdrueckt: Type.Boolean(),
  kennzahlen: Type.Record(Type.String(), Type.Array(MonatswertSchema)),
});

/** Set when the figures rest on the demo county's generated history: its days; else null. */
export const DemodatenSchema = Type.Union(
  [Type.Object({ von: Type.String({ format: "date" }), bis: Type.String({ format: "date" }) }), Type.Null()],
  { description: "Gesetzt, wenn die Zahlen auf erzeugten Demodaten beruhen: deren Zeitraum" },
);

export const UebersichtSchema = Type.Object(
  {
    zeitraum: Type.Object({ von: Type.String(), bis: Type.String() }),
    monate: Type.Array(Type.String()),
    gruppe: GruppenFigurenSchema,
    unten: Type.Array(GruppenFigurenSchema),
    ausgeblendet: Type.Integer(),
    demodaten: DemodatenSchema,
  },
  { $id: "KennzahlenUebersicht", description: "Kennzahlen einer Gruppe und der Gruppen darunter, je Monat" },
);

const Monat = (description: string) => Type.String({ pattern: "^\\d{4}-\\d{2}$", description });
const Turnus = Type.Union([Type.Literal("aus"), Type.Literal("monatlich"), Type.Literal("quartalsweise")], {
  description: "aus, monatlich (Bericht über den Vormonat) oder quartalsweise (über das abgelaufene Quartal)",
});

export const BerichtAnfrageSchema = Type.Object(
  {
    von: Monat("erster Monat (JJJJ-MM)"),
    bis: Monat("letzter Monat (JJJJ-MM)"),
  },
  { additionalProperties: false },
);

export const BerichtEinstellungEingabeSchema = Type.Object(
  { vorgangId: Type.String({ format: "uuid" }), turnus: Turnus },
  { additionalProperties: false },
);

export const BerichtEinstellungSchema = Type.Object(
  {
    vorgangId: Type.String(),
    vorgang: Type.Union([AuswahlEintragSchema, Type.Null()], {
      description:
        "Der Vorgang, wie ihn die Auswahl nennt; null, wenn die Leserin ihn nicht (mehr) sehen darf",
    }),
    turnus: Turnus,
    letzterZeitraum: Type.Union([Type.String(), Type.Null()]),
  },
  { $id: "BerichtEinstellung" },
);

export const AbgelegterBerichtSchema = Type.Object(
  {
    dokumentId: Type.String(),
    vorgangId: Type.String(),
    titel: Type.String(),
    zeitraum: Type.Object({ von: Type.String(), bis: Type.String() }),
  },
  { $id: "AbgelegterBericht", description: "Der als Dokument abgelegte Verwaltungsbericht" },
);
