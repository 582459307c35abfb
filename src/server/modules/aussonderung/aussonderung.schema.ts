import { Type } from "typebox";
import { archivwuerdigkeiten } from "../../../shared/aktenplan.js";

export const LoeschsperreSchema = Type.Object({
  id: Type.String(),
  grund: Type.String(),
  bis: Type.Union([Type.String(), Type.Null()]),
  gesetztVon: Type.Union([Type.String(), Type.Null()]),
  gesetztAm: Type.String(),
});
export const AufbewahrungSchema = Type.Object({
  akteId: Type.String(),
  aktenzeichen: Type.String(),
  betreff: Type.String(),
  aufbewahrungsfrist: Type.Union([Type.Integer(), Type.Null()], { description: "Jahre" }),
  unbefristet: Type.Boolean(),
  archivwuerdigkeit: Type.Union([Type.Enum(archivwuerdigkeiten), Type.Null()]),
  abweichend: Type.Boolean({ description: "Von der Aktenplaneinheit abweichend festgelegt" }),
  begruendung: Type.Union([Type.String(), Type.Null()]),
  laufzeitBeginn: Type.String(),
  letzteZda: Type.Union([Type.String(), Type.Null()]),
  aufbewahrungsende: Type.Union([Type.String(), Type.Null()], {
    description: "31.12. des Jahres der letzten zdA-Verfügung plus Frist",
  }),
  loeschsperren: Type.Array(LoeschsperreSchema),
});

/** The Archiv's assessment of an Akte due for Aussonderung: A, B or V, with a note. */
export const BewertungSchema = Type.Object({
  entscheidung: Type.Enum(archivwuerdigkeiten, {
    description: "A = archivwürdig, B = bewerten (noch offen), V = vernichten",
  }),
  notiz: Type.Union([Type.String(), Type.Null()]),
  von: Type.Union([Type.String(), Type.Null()], { description: "Wer bewertet hat (Name)" }),
  am: Type.String({ format: "date-time" }),
});

/** One Akte of the Aussonderungsliste: its retention and the Archiv's Bewertung, if any. */
export const AussonderungslisteEintragSchema = Type.Object({
  ...AufbewahrungSchema.properties,
  bewertung: Type.Union([BewertungSchema, Type.Null()], {
    description: "Bewertung des Archivs; null: keine",
  }),
});

/** The Archiv's Bewertung of one due Akte (PUT /akten/{id}/bewertung). */
export const BewertungEingabeSchema = Type.Object(
  {
    entscheidung: Type.Enum(archivwuerdigkeiten, {
      description: "A = archivwürdig, B = bewerten (noch offen), V = vernichten",
    }),
    notiz: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const LoeschprotokollSchema = Type.Object({
  id: Type.String(),
  aktenzeichen: Type.String(),
  betreff: Type.String(),
  laufzeitBeginn: Type.String(),
  laufzeitEnde: Type.Union([Type.String(), Type.Null()]),
  entscheidung: Type.Enum(["A", "V"] as const),
  archiv: Type.String(),
  prozessId: Type.String(),
  vorgaenge: Type.Integer(),
  dokumente: Type.Integer(),
  versionen: Type.Integer(),
  geloeschtAm: Type.String(),
  geloeschtVon: Type.String(),
});

export const XdomeaNachrichtSchema = Type.Object({
  id: Type.String(),
  prozessId: Type.String(),
  nachrichtentyp: Type.String(),
  richtung: Type.Enum(["ein", "aus"] as const),
  version: Type.String(),
  inhalt: Type.Array(Type.Record(Type.String(), Type.Unknown()), {
    description: "Worum es ging: Akten mit Kennzeichen und Betreff, Entscheidungen, Berichte",
  }),
  erstelltAm: Type.String(),
});

export const ImportErgebnisSchema = Type.Object({
  nachrichtentyp: Type.String(),
  prozessId: Type.String(),
  version: Type.String(),
  akten: Type.Array(
    Type.Object({
      aktenzeichen: Type.String(),
      betreff: Type.String(),
      vorgaenge: Type.Integer(),
      dokumente: Type.Integer(),
      versionen: Type.Integer(),
    }),
  ),
  hinweis: Type.String(),
});

/** A deviation from the Aktenplan's retention (PUT /akten/{id}/aufbewahrung); null: inherited. */
export const AufbewahrungAenderungSchema = Type.Object(
  {
    aufbewahrungsfrist: Type.Union([Type.Integer({ minimum: 0, maximum: 200 }), Type.Null()]),
    archivwuerdigkeit: Type.Union([Type.Enum(archivwuerdigkeiten), Type.Null()]),
    begruendung: Type.String({ maxLength: 2000 }),
  },
  { additionalProperties: false },
);

/** A new Löschsperre on an Akte (POST /akten/{id}/loeschsperren). */
export const NeueLoeschsperreSchema = Type.Object(
  {
    grund: Type.String({ minLength: 1, maxLength: 2000 }),
    bis: Type.Optional(Type.Union([Type.String({ format: "date" }), Type.Null()])),
  },
  { additionalProperties: false },
);

/** Why a Löschsperre is lifted (POST /loeschsperren/{id}/aufheben). */
export const LoeschsperreAufhebungSchema = Type.Object(
  { grund: Type.String({ minLength: 1, maxLength: 2000 }) },
  { additionalProperties: false },
);

/** Which xdomea message to build from which Akten (POST /xdomea/export). */
export const XdomeaExportSchema = Type.Object(
  {
    akten: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { minItems: 1, maxItems: 1000 }),
    ),
    nachricht: Type.Enum(["0501", "0503", "0401", "0301"] as const),
    version: Type.Optional(Type.Enum(["3.0.0", "3.1.0"] as const)),
    empfaenger: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** Which xdomea messages to list (GET /xdomea/nachrichten). */
export const NachrichtenFilterSchema = Type.Object(
  {
    offen: Type.Optional(
      Type.Boolean({
        description:
          "Nur gesendete Nachrichten, deren Antwort noch aussteht (0501 ohne 0502, 0503 ohne 0506, 0401 ohne 0402)",
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * An OE by id or Kürzel: whose Aussonderungsliste to show, or which OE takes over the Akten of an
 * imported xdomea message.
 */
export const OeFilterSchema = Type.Object(
  { oe: Type.Optional(Type.String({ maxLength: 100 })) },
  { additionalProperties: false },
);
