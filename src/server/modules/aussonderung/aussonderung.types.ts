/** How the system names itself when it acts in an xdomea exchange or deletes after an Aussonderung. */
export const XDOMEA_SYSTEM = "System (xdomea)";

export interface Loeschsperre {
  id: string;
  grund: string;
  bis: string | null;
  gesetztVon: string | null;
  gesetztAm: string;
}

/** Retention of one Akte: inherited from the Aktenplan unless overridden with a reason. */
export interface Aufbewahrung {
  akteId: string;
  aktenzeichen: string;
  betreff: string;
  aufbewahrungsfrist: number | null;
  unbefristet: boolean;
  archivwuerdigkeit: "A" | "B" | "V" | null;
  abweichend: boolean;
  begruendung: string | null;
  laufzeitBeginn: string;
  /** Date of the last zdA, when every Vorgang is zdA. */
  letzteZda: string | null;
  /** 31 December of the year of the last zdA plus the Frist; null while open or when kept for ever. */
  aufbewahrungsende: string | null;
  loeschsperren: Loeschsperre[];
}

/** The Archiv's assessment of an Akte due for Aussonderung; the latest one counts. */
export interface Bewertung {
  entscheidung: "A" | "B" | "V";
  notiz: string | null;
  /** Who assessed it, by name. */
  von: string | null;
  am: string;
}

/** One Akte of the Aussonderungsliste, with the Archiv's Bewertung or null. */
export interface AussonderungslisteEintrag extends Aufbewahrung {
  bewertung: Bewertung | null;
}

export interface LoeschprotokollEintrag {
  id: string;
  aktenzeichen: string;
  betreff: string;
  laufzeitBeginn: string;
  laufzeitEnde: string | null;
  entscheidung: "A" | "V";
  archiv: string;
  prozessId: string;
  vorgaenge: number;
  dokumente: number;
  versionen: number;
  geloeschtAm: string;
  geloeschtVon: string;
}

/** One xdomea message in or out, as the Nachrichtenbuch keeps it. */
export interface XdomeaNachricht {
  id: string;
  prozessId: string;
  nachrichtentyp: string;
  richtung: "ein" | "aus";
  version: string;
  inhalt: Record<string, unknown>[];
  erstelltAm: string;
}
