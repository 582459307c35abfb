export { oeArten, rollen, type OeArt, type Rolle } from "../../../shared/organisation.js";
import type { OeArt } from "../../../shared/organisation.js";

export interface Organisationseinheit {
  id: string;
  parentId: string | null;
  name: string;
  kuerzel: string;
  art: OeArt;
  aktiv: boolean;
}

export { hatRolle, type Akteur, type Benutzer, type Mitgliedschaft } from "../../platform/akteur.js";

/** A user as other objects name them (addressee, deputy, who decided). */
export interface Person {
  id: string;
  benutzername: string;
  anzeigename: string;
}

/** An absence with the deputy who works the absentee's Postkorb meanwhile. */
export interface Abwesenheit {
  id: string;
  benutzer: Person;
  von: string;
  bis: string;
  /** Named deputy; null means the standard deputy of the absentee's OE. */
  vertreter: Person | null;
}
