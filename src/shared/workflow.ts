/** The kinds of steps in a Geschäftsgang, in the order a route usually has them. */
export const schrittArten = [
  "Bearbeitung",
  "Mitzeichnung",
  "Kenntnisnahme",
  "Zeichnung",
  "Abgang",
  "zdA",
] as const;
export type SchrittArt = (typeof schrittArten)[number];

/** What can be done with an open step (which of them for which kind: AKTIONEN_JE_ART on the server). */
export const aktionen = [
  "erledigen",
  "zustimmen",
  "zustimmen_mit_aenderungen",
  "ablehnen",
  "kenntnisnehmen",
  "zeichnen",
  "zurueckgeben",
  "weiterleiten",
  "abgang",
  "zda",
] as const;
export type Aktion = (typeof aktionen)[number];

/** The ways an Ausgang leaves the house. */
export const abgangsKanaele = ["Post", "E-Mail", "Portal"] as const;
export type Kanal = (typeof abgangsKanaele)[number];

/** The categories of the Postkorb, in the order the web client shows them. */
export const postkorbKategorien = [
  "posteingang",
  "bearbeiten",
  "mitzeichnung",
  "zeichnung",
  "kenntnis",
  "wiedervorlage",
  "frist",
] as const;
export type PostkorbKategorie = (typeof postkorbKategorien)[number];
