import type { Metadatenfeld } from "../aktenplan/index.js";
import type { AkteRechte } from "./akten.types.js";

export type VorgangStatus = "in_bearbeitung" | "zda";

export interface VorgangRechte extends AkteRechte {
  dokumentAnlegen: boolean;
  zdaVerfuegen: boolean;
  zdaAufheben: boolean;
}

export interface VorgangKurz {
  id: string;
  nr: number;
  /** Aktenzeichen of the Akte plus the running number of the Vorgang, e.g. `63.10-0042/2026-3`. */
  zeichen: string;
  betreff: string;
  status: VorgangStatus;
  frist: string | null;
  zdaAm: string | null;
  anzahlDokumente: number;
  erstelltAm: string;
}

export interface Vorgang extends VorgangKurz {
  akte: { id: string; aktenzeichen: string; betreff: string };
  zdaVon: { id: string; anzeigename: string } | null;
  metadaten: Record<string, unknown>;
  metadatenfelder: Metadatenfeld[];
  erstelltVon: { id: string; anzeigename: string } | null;
  geaendertAm: string;
  /** Where the Vorgang was before an Umprotokollierung. */
  frueher: { aktenzeichen: string; nr: number; am: string; begruendung: string }[];
  rechte: VorgangRechte;
}
