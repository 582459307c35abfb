import type { Person } from "../access/index.js";
import type { Aktion, Kanal, SchrittArt } from "../../../shared/workflow.js";

// The lists the web client needs too live in src/shared.
export {
  abgangsKanaele,
  aktionen,
  postkorbKategorien,
  schrittArten,
  type Aktion,
  type Kanal,
  type PostkorbKategorie,
  type SchrittArt,
} from "../../../shared/workflow.js";

/** What may be done with an open step of each kind. */
export const AKTIONEN_JE_ART: Record<SchrittArt, Aktion[]> = {
  Bearbeitung: ["erledigen", "zurueckgeben", "weiterleiten"],
  Mitzeichnung: ["zustimmen", "zustimmen_mit_aenderungen", "ablehnen", "zurueckgeben", "weiterleiten"],
  Kenntnisnahme: ["kenntnisnehmen", "weiterleiten"],
  Zeichnung: ["zeichnen", "zurueckgeben", "weiterleiten"],
  Abgang: ["abgang", "zurueckgeben", "weiterleiten"],
  zdA: ["zda", "weiterleiten"],
};

export type SchrittStatus = "wartend" | "offen" | "erledigt" | "uebersprungen";
export type Ergebnis =
  | "erledigt"
  | "zugestimmt"
  | "zugestimmt_mit_aenderungen"
  | "abgelehnt"
  | "zur_kenntnis_genommen"
  | "gezeichnet"
  | "zurueckgegeben"
  | "abgesandt"
  | "zda"
  | "uebersprungen";

export type { Person };

/** A step as given by a user or a Laufwegvorlage. */
export interface SchrittEingabe {
  art: SchrittArt;
  /** Benutzername, or Kürzel of an OE (then anyone in its Postkorb may take the step). */
  adressat: { benutzer?: string; oe?: string };
  frist?: string | null;
  verfuegungstext?: string;
  /** Runs at the same time as the step before it. */
  parallel?: boolean;
  /** For routes given as a graph: a name for this step, and the steps it waits for. */
  schluessel?: string;
  nach?: string[];
}

export interface Schritt {
  id: string;
  stufe: number;
  art: SchrittArt;
  adressat: { art: "benutzer" | "oe"; id: string; name: string };
  frist: string | null;
  ueberfaellig: boolean;
  verfuegungstext: string;
  status: SchrittStatus;
  bearbeiter: Person | null;
  ergebnis: Ergebnis | null;
  begruendung: string | null;
  kanal: Kanal | null;
  abgangAm: string | null;
  versionNr: number | null;
  erledigtVon: Person | null;
  erledigtIvFuer: Person | null;
  erledigtAm: string | null;
  offenSeit: string | null;
  /** What the requesting user may do with this step now. */
  aktionen: Aktion[];
}

export interface Geschaeftsgang {
  id: string;
  vorgang: { id: string; zeichen: string; betreff: string; akteId: string };
  dokument: { id: string; titel: string; gezeichnet: boolean } | null;
  status: "laufend" | "abgeschlossen" | "abgebrochen";
  zeichnungVorAbgang: boolean;
  ersteller: Person;
  erstelltAm: string;
  abgeschlossenAm: string | null;
  verfuegungDokumentId: string | null;
  schritte: Schritt[];
  /** The route may be changed (insert, skip, reorder, cancel) by its Ersteller and the Akte's editors. */
  aendern: boolean;
}
