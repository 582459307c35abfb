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
