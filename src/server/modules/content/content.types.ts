export type InhaltStatus = "wartend" | "laeuft" | "fertig" | "fehlgeschlagen" | "nicht_verfuegbar";

/** What a user sees of the pipeline for one version ("Texterkennung läuft / fertig / fehlgeschlagen: Grund"). */
export interface Texterkennung {
  status: InhaltStatus;
  grund: string | null;
  quelle: string | null;
  seiten: number | null;
  /** A searchable PDF (OCR) exists next to the untouched original. */
  rendition: boolean;
  /** A PNG of the first page (or the picture) exists. */
  vorschau: boolean;
}
