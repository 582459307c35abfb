/** The Dokumenttypen, in the order forms offer them. */
export const dokumentTypen = [
  "Eingang",
  "Ausgang",
  "Vermerk",
  "Entwurf",
  "Bescheid",
  "E-Mail",
  "Anlage",
  "Sonstiges",
] as const;
export type DokumentTyp = (typeof dokumentTypen)[number];

/** How confidential an Akte is: open, or VS-NfD (Verschlusssache – nur für den Dienstgebrauch). */
export const vertraulichkeiten = ["offen", "VS-NfD"] as const;
export type Vertraulichkeit = (typeof vertraulichkeiten)[number];
