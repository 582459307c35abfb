import type { Akteur } from "../protokoll/protokoll.types.js";

export { oeArten, rollen, type OeArt, type Rolle } from "../../../shared/organisation.js";
import type { OeArt, Rolle } from "../../../shared/organisation.js";

export interface Organisationseinheit {
  id: string;
  parentId: string | null;
  name: string;
  kuerzel: string;
  art: OeArt;
  aktiv: boolean;
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

/** A user as other objects name them (addressee, deputy, who decided). */
export interface Person {
  id: string;
  benutzername: string;
  anzeigename: string;
}

export interface Mitgliedschaft {
  oeId: string;
  oeKuerzel: string;
  oeName: string;
  rolle: Rolle;
}

/**
 * The authenticated user a request acts as, with all memberships loaded once per request:
 * policies decide from this without further queries.
 */
export interface Actor {
  benutzer: Benutzer;
  mitgliedschaften: Mitgliedschaft[];
  /** How the request authenticated. */
  via: "sitzung" | "token";
  /** Session id (hash) for logout; absent for API tokens. */
  sitzungId?: string;
  /** The scope of the API token the request came with; absent for sessions. */
  tokenBereich?: "lesen" | "posteingang" | "voll";
}

/** The Protokoll's view of an actor. */
export function akteurVon(actor: Actor): Akteur {
  return { id: actor.benutzer.id, name: `${actor.benutzer.anzeigename} (${actor.benutzer.benutzername})` };
}

export function hatRolle(actor: Actor, rolle: Rolle, oeId?: string): boolean {
  return actor.mitgliedschaften.some((m) => m.rolle === rolle && (oeId === undefined || m.oeId === oeId));
}
