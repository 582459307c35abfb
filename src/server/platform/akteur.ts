import type { Rolle } from "../../shared/organisation.js";

/**
 * Who acts, in one type for every module: the signed-in user a request acts as, with all
 * memberships loaded once per request, so policies decide without further queries. Where the
 * system may act too (CLI, jobs, the Scanordner, xdomea), a parameter is `Akteur | "system"`;
 * the Protokoll alone turns either into the name it records.
 */
export interface Akteur {
  benutzer: Benutzer;
  mitgliedschaften: Mitgliedschaft[];
  /** How the request authenticated. */
  via: "sitzung" | "token";
  /** Session id (hash) for logout; absent for API tokens. */
  sitzungId?: string;
  /**
   * A sign-in that is not a full session yet: `zweiter_faktor` owes its second factor,
   * `einrichtung` must set one up first. Absent (or `voll`) for a full session.
   */
  stufe?: "voll" | "zweiter_faktor" | "einrichtung";
  /** The scope of the API token the request came with; absent for sessions. */
  tokenBereich?: "lesen" | "posteingang" | "voll";
}

export interface Benutzer {
  id: string;
  benutzername: string;
  vorname: string;
  nachname: string;
  /** "Vorname Nachname", for display and the Protokoll. */
  anzeigename: string;
  email: string | null;
  aktiv: boolean;
}

export interface Mitgliedschaft {
  oeId: string;
  oeKuerzel: string;
  oeName: string;
  rolle: Rolle;
}

export function hatRolle(akteur: Akteur, rolle: Rolle, oeId?: string): boolean {
  return akteur.mitgliedschaften.some((m) => m.rolle === rolle && (oeId === undefined || m.oeId === oeId));
}
