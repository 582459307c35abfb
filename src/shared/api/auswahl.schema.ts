import { Type, type Static } from "typebox";

/** What a picker (combobox) can search. */
export const auswahlArten = ["akten", "vorgaenge", "personen", "oes"] as const;
export type AuswahlArt = (typeof auswahlArten)[number];

export const AuswahlEintragSchema = Type.Object({
  id: Type.String(),
  wert: Type.String({
    description: "Was ein Formular sendet: Id (Akte, Vorgang), Benutzername (Person) oder OE:Kürzel",
  }),
  text: Type.String({ description: "Wie der Eintrag in der Liste heißt" }),
  zusatz: Type.String({ description: "Zweite Zeile, die ähnliche Einträge unterscheidet" }),
});
export type AuswahlEintrag = Static<typeof AuswahlEintragSchema>;

export const AuswahlSchema = Type.Object({ eintraege: Type.Array(AuswahlEintragSchema) });
export type Auswahl = Static<typeof AuswahlSchema>;
