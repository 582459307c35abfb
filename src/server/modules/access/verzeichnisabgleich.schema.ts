import { Type, type Static } from "typebox";

/** One person in a sync report. */
export const AbgleichPersonSchema = Type.Object({
  benutzername: Type.String({ description: "Benutzername in Aktenwerk (bei neuen: der vergebene)" }),
  name: Type.String({ description: "Anzeigename" }),
  felder: Type.Optional(Type.Array(Type.String(), { description: "Geänderte Felder (Name, E-Mail …)" })),
  hinzugefuegt: Type.Optional(
    Type.Array(Type.String(), { description: "Neue Rollen, z. B. „Sachbearbeitung in 63“" }),
  ),
  entfernt: Type.Optional(Type.Array(Type.String(), { description: "Entzogene Rollen" })),
  grund: Type.Optional(
    Type.String({
      description: "Deaktiviert: im Verzeichnis gesperrt oder nicht mehr vorhanden; übersprungen: warum",
    }),
  ),
});

/** What one directory sync did (or, as a dry run, would do). */
export const VerzeichnisberichtSchema = Type.Object({
  id: Type.Union([Type.String({ format: "uuid" }), Type.Null()], {
    description: "Id des gespeicherten Berichts; null bei einem Probelauf",
  }),
  probe: Type.Boolean({ description: "Probelauf: nichts wurde geändert" }),
  ausgeloest: Type.Union([Type.Literal("befehl"), Type.Literal("zeitplan")]),
  begonnenAm: Type.String({ format: "date-time" }),
  beendetAm: Type.String({ format: "date-time" }),
  erfolgreich: Type.Boolean(),
  fehler: Type.Union([Type.String(), Type.Null()], {
    description: "Warum der Abgleich scheiterte (dann blieb alles, wie es war)",
  }),
  personen: Type.Integer({ description: "Personen, die der Benutzerfilter im Verzeichnis fand" }),
  gruppen: Type.Integer({ description: "Gruppen, die der Gruppenfilter fand" }),
  anzahl: Type.Object({
    angelegt: Type.Integer(),
    geaendert: Type.Integer(),
    deaktiviert: Type.Integer(),
    uebersprungen: Type.Integer(),
    unveraendert: Type.Integer(),
  }),
  angelegt: Type.Array(AbgleichPersonSchema),
  geaendert: Type.Array(AbgleichPersonSchema),
  deaktiviert: Type.Array(AbgleichPersonSchema),
  uebersprungen: Type.Array(AbgleichPersonSchema),
});

export type Verzeichnisbericht = Static<typeof VerzeichnisberichtSchema>;
export type AbgleichPerson = Static<typeof AbgleichPersonSchema>;

/** The last sync's report for Verwaltung → Anmeldung; `bericht` null when none ran yet. */
export const LetzterVerzeichnisberichtSchema = Type.Object({
  konfiguriert: Type.Boolean({ description: "Ist ein Verzeichnis (AKTENWERK_LDAP_URL) eingerichtet?" }),
  syncMinuten: Type.Integer({ description: "Abstand der geplanten Abgleiche in Minuten; 0: nur von Hand" }),
  bericht: Type.Union([VerzeichnisberichtSchema, Type.Null()]),
});
