import type { EmpfangeneDatei } from "../../platform/dateieingang/index.js";
import type { DokumentMetadaten, NeuerVorgang } from "../schriftgut/index.js";

export type Kanal = "upload" | "scan" | "email" | "api";

export type EintragStatus = "neu" | "registriert" | "verworfen";

/** An OE as a Posteingang item or a Betreffregel shows it. */
export interface OeKurz {
  id: string;
  kuerzel: string;
  name: string;
}

export interface Eintrag {
  id: string;
  oe: OeKurz;
  kanal: Kanal;
  status: EintragStatus;
  dateiname: string;
  mimeTyp: string;
  groesse: number;
  angaben: Record<string, unknown>;
  scanprotokoll: Record<string, unknown> | null;
  texterkennung: string;
  vorschlag: { vorgangId: string; zeichen: string; betreff: string; grund: string } | null;
  dokumentId: string | null;
  erstelltAm: string;
  /** Whether a picture of the first page exists (GET /posteingang/{id}/vorschau). */
  vorschau: boolean;
  /** The start of the recognised text, for items without a picture (plain text, e-mail). */
  textAuszug: string | null;
}

/** What comes into an OE's Posteingang, by any channel. */
export interface Aufnahme {
  oe: string;
  kanal: Kanal;
  datei: EmpfangeneDatei;
  angaben?: Record<string, unknown>;
  scanprotokoll?: Record<string, unknown> | null;
}

/** A page of the Posteingang list and where the next one starts (null: this was the last). */
export interface PosteingangSeite {
  eintraege: Eintrag[];
  naechsteSeite: string | null;
}

export interface Registrierung extends Partial<DokumentMetadaten> {
  /** An existing Vorgang … */
  vorgang?: string;
  /** … or a new one in this Akte. */
  neuerVorgang?: { akte: string } & NeuerVorgang;
}

export interface Betreffregel {
  id: string;
  oe: OeKurz;
  muster: string;
  vorgang: { id: string; zeichen: string; betreff: string };
  erstelltAm: string;
}

/** Many items settled at once: registered (into one Vorgang, or each into its Vorschlag) or discarded. */
export interface Sammelauftrag {
  aktion: "registrieren" | "verwerfen";
  eintraege: string[];
  /** Registering: this Vorgang for all; without it each item goes into its own Vorschlag. */
  vorgang?: string;
  /** Discarding: the reason, the same for all. */
  grund?: string;
}

/** What became of one item of a bulk request, in words. */
export interface Sammelergebnis {
  id: string;
  /** Null when the item could not be read (gone, or not the reader's). */
  dateiname: string | null;
  erledigt: boolean;
  meldung: string;
  vorgang: { id: string; zeichen: string } | null;
}
