import { Type } from "typebox";

/** A Posteingang item as the API shows it. */
export const EintragSchema = Type.Object({
  id: Type.String(),
  oe: Type.Object({ id: Type.String(), kuerzel: Type.String(), name: Type.String() }),
  kanal: Type.Enum(["upload", "scan", "email", "api"] as const),
  status: Type.Enum(["neu", "registriert", "verworfen"] as const),
  dateiname: Type.String(),
  mimeTyp: Type.String(),
  groesse: Type.Integer(),
  angaben: Type.Record(Type.String(), Type.Unknown()),
  scanprotokoll: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  texterkennung: Type.String(),
  vorschlag: Type.Union([
    Type.Object({
      vorgangId: Type.String(),
      zeichen: Type.String(),
      betreff: Type.String(),
      grund: Type.String(),
    }),
    Type.Null(),
  ]),
  dokumentId: Type.Union([Type.String(), Type.Null()]),
  erstelltAm: Type.String(),
  vorschau: Type.Boolean({ description: "Ein Bild der ersten Seite liegt vor (…/vorschau)." }),
  textAuszug: Type.Union([Type.String(), Type.Null()], {
    description: "Anfang des erkannten Textes, für Eingänge ohne Seitenbild",
  }),
});

export const BetreffregelSchema = Type.Object({
  id: Type.String(),
  oe: Type.Object({ id: Type.String(), kuerzel: Type.String(), name: Type.String() }),
  muster: Type.String(),
  vorgang: Type.Object({ id: Type.String(), zeichen: Type.String(), betreff: Type.String() }),
  erstelltAm: Type.String(),
});

/** Forwarding an item to another OE's Posteingang. */
export const WeiterleitungSchema = Type.Object(
  {
    oe: Type.String({ minLength: 1, maxLength: 100, description: "Kürzel der Organisationseinheit" }),
    notiz: Type.Optional(Type.Union([Type.String({ maxLength: 1000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

/** One item the user distributed on a day: put into a Posteingang or forwarded. */
export const VerteiltSchema = Type.Object({
  id: Type.String(),
  dateiname: Type.String(),
  status: Type.Enum(["neu", "registriert", "verworfen", "weitergegeben"] as const, {
    description: "Stand, solange Sie den Eingang noch sehen dürfen; sonst „weitergegeben“",
  }),
  wie: Type.Enum(["aufgenommen", "weitergeleitet"] as const),
  am: Type.String(),
  oe: Type.Object({ kuerzel: Type.String(), name: Type.String() }),
});

/** Settling many items at once (POST /posteingang/sammel). */
export const SammelauftragSchema = Type.Object(
  {
    aktion: Type.Enum(["registrieren", "verwerfen"] as const, {
      description:
        "registrieren: in den gewählten Vorgang oder je in den eigenen Vorschlag; verwerfen: mit Grund",
    }),
    eintraege: Type.Array(Type.String({ format: "uuid" }), {
      minItems: 1,
      maxItems: 100,
      description: "Die Eingänge, höchstens 100",
    }),
    vorgang: Type.Optional(
      Type.String({ format: "uuid", description: "Beim Registrieren: dieser Vorgang für alle" }),
    ),
    grund: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1000, description: "Beim Verwerfen: der Grund für alle" }),
    ),
  },
  { additionalProperties: false },
);

/** The answer to a bulk request: each item with what became of it, in the order asked. */
export const SammelergebnisSchema = Type.Object({
  ergebnisse: Type.Array(
    Type.Object({
      id: Type.String(),
      dateiname: Type.Union([Type.String(), Type.Null()]),
      erledigt: Type.Boolean(),
      meldung: Type.String({ description: "Was geschah, oder warum nicht – auf Deutsch" }),
      vorgang: Type.Union([Type.Object({ id: Type.String(), zeichen: Type.String() }), Type.Null()]),
    }),
  ),
});
