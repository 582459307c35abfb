import { Type } from "typebox";
import { abgangsKanaele, aktionen, postkorbKategorien, schrittArten } from "../../../shared/workflow.js";

const Datum = Type.String({ format: "date" });
const Person = Type.Object({ id: Type.String(), benutzername: Type.String(), anzeigename: Type.String() });
const PersonOderNull = Type.Union([Person, Type.Null()]);
const Adressat = Type.Object(
  {
    benutzer: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "Benutzername" })),
    oe: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: "Kürzel der OE" })),
  },
  { additionalProperties: false, description: "Genau eine Person oder eine OE" },
);

export const SchrittEingabeSchema = Type.Object(
  {
    art: Type.Enum(schrittArten),
    adressat: Adressat,
    frist: Type.Optional(Type.Union([Datum, Type.Null()])),
    verfuegungstext: Type.Optional(Type.String({ maxLength: 4000 })),
    parallel: Type.Optional(Type.Boolean({ description: "Gleichzeitig mit dem vorigen Schritt" })),
    schluessel: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    nach: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const NeuerGeschaeftsgangSchema = Type.Object(
  {
    dokument: Type.Optional(Type.Union([Type.String({ format: "uuid" }), Type.Null()])),
    vorlage: Type.Optional(Type.Union([Type.String({ format: "uuid" }), Type.Null()])),
    zeichnungVorAbgang: Type.Optional(Type.Boolean()),
    schritte: Type.Optional(Type.Array(SchrittEingabeSchema, { maxItems: 100 })),
  },
  { additionalProperties: false },
);

export const SchrittSchema = Type.Object({
  id: Type.String(),
  stufe: Type.Integer(),
  art: Type.Enum(schrittArten),
  adressat: Type.Object({
    art: Type.Enum(["benutzer", "oe"] as const),
    id: Type.String(),
    name: Type.String(),
  }),
  frist: Type.Union([Type.String(), Type.Null()]),
  ueberfaellig: Type.Boolean(),
  verfuegungstext: Type.String(),
  status: Type.Enum(["wartend", "offen", "erledigt", "uebersprungen"] as const),
  bearbeiter: PersonOderNull,
  ergebnis: Type.Union([Type.String(), Type.Null()]),
  begruendung: Type.Union([Type.String(), Type.Null()]),
  kanal: Type.Union([Type.String(), Type.Null()]),
  abgangAm: Type.Union([Type.String(), Type.Null()]),
  versionNr: Type.Union([Type.Integer(), Type.Null()]),
  erledigtVon: PersonOderNull,
  erledigtIvFuer: PersonOderNull,
  erledigtAm: Type.Union([Type.String(), Type.Null()]),
  offenSeit: Type.Union([Type.String(), Type.Null()]),
  aktionen: Type.Array(Type.Enum(aktionen)),
});

export const GeschaeftsgangSchema = Type.Object({
  id: Type.String(),
  vorgang: Type.Object({
    id: Type.String(),
    zeichen: Type.String(),
    betreff: Type.String(),
    akteId: Type.String(),
  }),
  dokument: Type.Union([
    Type.Object({ id: Type.String(), titel: Type.String(), gezeichnet: Type.Boolean() }),
    Type.Null(),
  ]),
  status: Type.Enum(["laufend", "abgeschlossen", "abgebrochen"] as const),
  zeichnungVorAbgang: Type.Boolean(),
  ersteller: Person,
  erstelltAm: Type.String(),
  abgeschlossenAm: Type.Union([Type.String(), Type.Null()]),
  verfuegungDokumentId: Type.Union([Type.String(), Type.Null()]),
  schritte: Type.Array(SchrittSchema),
  aendern: Type.Boolean(),
});

export const AktionSchema = Type.Object(
  {
    aktion: Type.Enum(aktionen.filter((a) => a !== "zustimmen_mit_aenderungen")),
    begruendung: Type.Optional(Type.String({ maxLength: 4000 })),
    kanal: Type.Optional(Type.Enum(abgangsKanaele)),
    datum: Type.Optional(Datum),
    an: Type.Optional(Adressat),
  },
  { additionalProperties: false },
);

export const PostkorbSchema = Type.Object({
  stand: Type.String(),
  zaehler: Type.Record(Type.String(), Type.Integer()),
  vertretungFuer: Type.Array(Person),
  eintraege: Type.Array(
    Type.Object({
      typ: Type.Enum(["schritt", "wiedervorlage", "posteingang", "vorgang"] as const),
      id: Type.String(),
      kategorie: Type.Enum(postkorbKategorien),
      art: Type.String(),
      titel: Type.String(),
      vorgang: Type.Union([
        Type.Object({ id: Type.String(), zeichen: Type.String(), betreff: Type.String() }),
        Type.Null(),
      ]),
      frist: Type.Union([Type.String(), Type.Null()]),
      ueberfaellig: Type.Boolean(),
      seit: Type.String(),
      quelle: Type.Enum(["eigen", "oe", "vertretung"] as const),
      fuer: PersonOderNull,
      oe: Type.Union([Type.Object({ kuerzel: Type.String(), name: Type.String() }), Type.Null()]),
      notiz: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const PostkorbFilterSchema = Type.Object(
  {
    kategorie: Type.Optional(Type.Enum(postkorbKategorien)),
    quelle: Type.Optional(Type.Enum(["eigen", "oe", "vertretung"] as const)),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    oe: Type.Optional(Type.String({ maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const WiedervorlageSchema = Type.Object({
  id: Type.String(),
  vorgangId: Type.String(),
  datum: Type.String(),
  notiz: Type.String(),
  empfaenger: Person,
  erstelltVon: Person,
  erstelltAm: Type.String(),
  erledigtAm: Type.Union([Type.String(), Type.Null()]),
  faellig: Type.Boolean(),
});

export const NeueWiedervorlageSchema = Type.Object(
  {
    datum: Type.String({ maxLength: 10 }),
    notiz: Type.Optional(Type.String({ maxLength: 2000 })),
    empfaenger: Type.Optional(Type.Union([Type.String({ maxLength: 100 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const BenachrichtigungenSchema = Type.Object({
  ungelesen: Type.Integer(),
  tagesbericht: Type.Boolean({ description: "Täglicher Bericht per E-Mail bestellt" }),
  eintraege: Type.Array(
    Type.Object({
      id: Type.String(),
      art: Type.String(),
      text: Type.String(),
      link: Type.Union([Type.String(), Type.Null()]),
      erstelltAm: Type.String(),
      gelesen: Type.Boolean(),
    }),
  ),
});

/** Whether the daily report by e-mail is ordered (PUT /benachrichtigungen/tagesbericht). */
export const TagesberichtSchema = Type.Object({ tagesbericht: Type.Boolean() });

export const AbwesenheitSchema = Type.Object({
  id: Type.String(),
  benutzer: Person,
  von: Type.String(),
  bis: Type.String(),
  vertreter: PersonOderNull,
});

/** Who stands in for an OE's members when they name no one (PUT …/standardvertretung). */
export const StandardvertretungSchema = Type.Object({ oe: Type.String(), vertreter: PersonOderNull });

export const ZeichnungsbefugnisSchema = Type.Object({
  id: Type.String(),
  rolle: Type.Enum(["Sachbearbeitung", "Leitung"] as const),
  oe: Type.Union([Type.Object({ kuerzel: Type.String(), name: Type.String() }), Type.Null()]),
  aktenplanPraefix: Type.Union([Type.String(), Type.Null()]),
});

export const LaufwegvorlageSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  oe: Type.Union([Type.Object({ kuerzel: Type.String(), name: Type.String() }), Type.Null()]),
  aktenplanPraefix: Type.Union([Type.String(), Type.Null()]),
  zeichnungVorAbgang: Type.Boolean(),
  schritte: Type.Array(SchrittEingabeSchema),
});
