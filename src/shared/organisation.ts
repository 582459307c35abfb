/** Kinds of Organisationseinheit, as the access model and the forms know them. */
export const oeArten = [
  "Landrat",
  "Dezernat",
  "Amt",
  "Sachgebiet",
  "Stabsstelle",
  "Eigenbetrieb",
  "Gremium",
] as const;
export type OeArt = (typeof oeArten)[number];

/** Roles a user holds in an OE. */
export const rollen = [
  "Sachbearbeitung",
  "Leitung",
  "Registratur",
  "Posteingang",
  "Administration",
  "Archiv",
  "Personalrat",
  "Datenschutz",
  "Lesen",
  "Steuerung",
] as const;
export type Rolle = (typeof rollen)[number];
