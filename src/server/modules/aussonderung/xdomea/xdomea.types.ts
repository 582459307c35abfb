import type { Knoten } from "./aufgaben.js";
import type { Nachrichtentyp } from "./nachrichten.js";
import type { XdomeaVersion } from "./pruefung.js";

export interface ExportErgebnis {
  prozessId: string;
  nachrichtentyp: Nachrichtentyp;
  version: XdomeaVersion;
  datei: string;
  bytes: number;
  akten: number;
  dokumente: number;
  versionen: number;
}

export interface ImportErgebnis {
  nachrichtentyp: string;
  prozessId: string;
  version: XdomeaVersion;
  akten: { aktenzeichen: string; betreff: string; vorgaenge: number; dokumente: number; versionen: number }[];
  hinweis: string;
}

/** An incoming message, read and checked against the XSD: its type, version, tree and process. */
export interface EingegangeneNachricht {
  typ: Nachrichtentyp;
  version: XdomeaVersion;
  /** The message's root element. */
  knoten: Knoten;
  prozessId: string;
  /** SHA-256 of the bytes as they arrived (container or XML): the same bytes are taken once. */
  sha256: string;
}
