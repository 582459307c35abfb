import { Type } from "typebox";

const Facette = Type.Object({ wert: Type.String(), bezeichnung: Type.String(), anzahl: Type.Integer() });

export const trefferArten = ["dokument", "vorgang", "akte"] as const;
export const sortierungen = ["relevanz", "neueste", "aelteste"] as const;

export const SuchErgebnisSchema = Type.Object({
  anzahl: Type.Integer(),
  anzahlText: Type.String({ description: "Anzahl oder „1000+“" }),
  treffer: Type.Array(
    Type.Object({
      art: Type.Enum(trefferArten, {
        description: "Gefunden: ein Dokument, oder eine Akte oder ein Vorgang über die eigenen Angaben",
      }),
      dokument: Type.Union([
        Type.Object({
          id: Type.String(),
          titel: Type.String(),
          typ: Type.String(),
          erstelltAm: Type.String(),
        }),
        Type.Null(),
      ]),
      vorgang: Type.Union([
        Type.Object({
          id: Type.String(),
          zeichen: Type.String(),
          betreff: Type.String(),
          status: Type.String(),
        }),
        Type.Null(),
      ]),
      akte: Type.Object({ id: Type.String(), aktenzeichen: Type.String(), betreff: Type.String() }),
      ausschnitt: Type.String({ description: "Textausschnitt; Treffer sind mit « und » markiert" }),
      rang: Type.Number(),
    }),
  ),
  facetten: Type.Object({
    art: Type.Array(Facette),
    aktenplaneinheit: Type.Array(Facette),
    oe: Type.Array(Facette),
    typ: Type.Array(Facette),
    status: Type.Array(Facette),
    jahr: Type.Array(Facette),
  }),
});

export const SuchAnfrageSchema = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 10_000,
      description: "Suchbegriffe; Aktenzeichen und fremde Geschäftszeichen werden genau gefunden",
    }),
    art: Type.Optional(Type.Enum(trefferArten, { description: "Nur Dokumente, Vorgänge oder Akten" })),
    aktenplaneinheit: Type.Optional(Type.String({ maxLength: 40 })),
    oe: Type.Optional(Type.String({ maxLength: 20 })),
    typ: Type.Optional(Type.String({ maxLength: 20, description: "Dokumenttyp (nur Dokumente)" })),
    status: Type.Optional(Type.Enum(["in_bearbeitung", "zda"] as const)),
    jahr: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2999 })),
    sortierung: Type.Optional(
      Type.Enum(sortierungen, { description: "relevanz (Vorgabe), neueste oder aelteste zuerst" }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 980, default: 0 })),
  },
  { additionalProperties: false },
);

/** A saved search: the query, never its results; each reader runs it with their own rights. */
export const GespeicherteSucheSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  abfrage: Type.Record(Type.String(), Type.String(), {
    description: "Die Parameter der Suche (q, art, Filter, sortierung) wie in GET /suche",
  }),
  eigene: Type.Boolean({ description: "Selbst gespeichert (darf gelöscht werden)" }),
  von: Type.String({ description: "Wer sie gespeichert hat" }),
  geteiltMit: Type.Union([Type.Object({ kuerzel: Type.String(), name: Type.String() }), Type.Null()]),
  erstelltAm: Type.String(),
});

/** A saved query: the parameters of GET /suche that describe it (no paging), each checked as there. */
export const GespeicherteAbfrageSchema = Type.Object(
  {
    q: Type.String({ minLength: 1, maxLength: 1000 }),
    art: Type.Optional(Type.Enum(trefferArten)),
    aktenplaneinheit: Type.Optional(Type.String({ maxLength: 40 })),
    oe: Type.Optional(Type.String({ maxLength: 20 })),
    typ: Type.Optional(Type.String({ maxLength: 20 })),
    status: Type.Optional(Type.Enum(["in_bearbeitung", "zda"] as const)),
    jahr: Type.Optional(Type.String({ pattern: "^[12][0-9]{3}$" })),
    sortierung: Type.Optional(Type.Enum(sortierungen)),
  },
  { additionalProperties: false },
);

export const NeueGespeicherteSucheSchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    abfrage: GespeicherteAbfrageSchema,
    teilenMitOe: Type.Optional(
      Type.Union([Type.String({ maxLength: 100, description: "Kürzel einer eigenen OE" }), Type.Null()]),
    ),
  },
  { additionalProperties: false },
);
