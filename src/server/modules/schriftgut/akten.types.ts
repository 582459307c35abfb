export type AkteStatus = "offen" | "geschlossen" | "ausgesondert";
import type { Vertraulichkeit } from "../../../shared/schriftgut.js";

export type { Vertraulichkeit };

/** What the current user may do with an Akte; sent with every Akte so the UI decides nothing itself. */
export interface AkteRechte {
  /** See that the Akte exists and its metadata. */
  lesen: boolean;
  /** Open Vorgänge, Dokumente and their content. */
  inhaltLesen: boolean;
  /** Create Vorgänge, Dokumente, versions. */
  bearbeiten: boolean;
  /** Change Betreff, Beteiligte, Hybridakte, status. */
  metadatenBearbeiten: boolean;
  /** Change the restriction and its list of the named. */
  zugriffVerwalten: boolean;
}

/** An entry of a restricted Akte's list: a named user, or a role (in one OE or in any). */
export interface ZugriffEintrag {
  benutzer?: { id: string; benutzername: string; anzeigename: string };
  rolle?: string;
  oe?: { id: string; kuerzel: string; name: string } | null;
  recht: "lesen" | "bearbeiten";
}

/** The facts about an Akte that the access rules look at. */
export interface AkteZugriffsdaten {
  id: string;
  federfuehrendeOeId: string;
  beteiligteOeIds: string[];
  zugriffsbeschraenkt: boolean;
  status: AkteStatus;
  zugriff: {
    benutzerId: string | null;
    rolle: string | null;
    oeId: string | null;
    recht: "lesen" | "bearbeiten";
  }[];
}

export interface OeRef {
  id: string;
  kuerzel: string;
  name: string;
}

export interface AkteKurz {
  id: string;
  aktenzeichen: string;
  betreff: string;
  status: AkteStatus;
  federfuehrendeOe: OeRef;
  aktenplaneinheit: { id: string; kennzeichen: string; titel: string };
  zugriffsbeschraenkt: boolean;
  vertraulichkeit: Vertraulichkeit;
  erstelltAm: string;
  geaendertAm: string;
}

export interface Akte extends AkteKurz {
  jahr: number;
  lfdnr: number;
  beteiligteOes: OeRef[];
  papierablage: string | null;
  querverweise: { akteId: string; aktenzeichen: string | null; betreff: string | null; bemerkung: string }[];
  baende: { nr: number; titel: string; beginn: string | null; ende: string | null }[];
  zugriff: ZugriffEintrag[];
  erstelltVon: string | null;
}
