import type { Texterkennung } from "../content/index.js";
import type { VorgangRechte } from "./vorgaenge.types.js";

import type { DokumentTyp } from "../../../shared/schriftgut.js";

export { dokumentTypen, type DokumentTyp } from "../../../shared/schriftgut.js";

export interface DokumentVersion {
  nr: number;
  sha256: string;
  /** Sanitised name used for downloads. */
  dateiname: string;
  /** The name as the uploader's system sent it (kept as metadata, never used as a path). */
  originaldateiname: string;
  /** Detected from the content, not from the name. */
  mimeTyp: string;
  groesse: number;
  kommentar: string;
  /** Why this version was made; null for the first version. */
  grund: string | null;
  erstelltAm: string;
  erstelltVon: { id: string; anzeigename: string } | null;
}

export interface DokumentKurz {
  id: string;
  typ: DokumentTyp;
  titel: string;
  datumDesSchreibens: string | null;
  eingangsdatum: string | null;
  absender: string | null;
  empfaenger: string | null;
  fremdesGeschaeftszeichen: string | null;
  aktuelleVersion: number;
  mimeTyp: string | null;
  groesse: number | null;
  erstelltAm: string;
  /** A first-page preview image exists for the current version. */
  vorschau: boolean;
}

export interface Dokument extends DokumentKurz {
  vorgang: { id: string; zeichen: string; betreff: string; status: string };
  akte: { id: string; aktenzeichen: string };
  versionen: DokumentVersion[];
  /** State of text recognition for the current version. */
  texterkennung: Texterkennung | null;
  /** TR-RESISCAN Scanprotokoll when the Dokument came from a scan. */
  scanprotokoll: Record<string, unknown> | null;
  rechte: VorgangRechte & { versionAnlegen: boolean };
}

export interface DokumentMetadaten {
  typ: DokumentTyp;
  titel?: string;
  datumDesSchreibens?: string | null;
  eingangsdatum?: string | null;
  absender?: string | null;
  empfaenger?: string | null;
  fremdesGeschaeftszeichen?: string | null;
}
