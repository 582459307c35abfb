/**
 * The areas the Kennzahlenkatalog groups its figures into, in the order the dashboard, the
 * catalogue page and the Verwaltungsbericht show them.
 */
export const KENNZAHL_BEREICHE = [
  "Digitalisierung",
  "Durchlaufzeiten",
  "Arbeitsstand",
  "Nutzung",
  "Aussonderung",
  "Prüfung",
] as const;

export type KennzahlBereich = (typeof KENNZAHL_BEREICHE)[number];
