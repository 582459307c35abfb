import { hatRolle, type Akteur } from "./access.types.js";

/** OEs, users, memberships and other users' tokens are managed by Administration only. */
export function darfZugriffVerwalten(actor: Akteur): boolean {
  return hatRolle(actor, "Administration");
}

/** Everyone signed in may see the OE tree and the list of colleagues (to address steps and Akten). */
export function darfVerzeichnisLesen(_actor: Akteur): boolean {
  return true;
}

/** A user manages their own API tokens; Administration manages everyone's. */
export function darfTokenVerwalten(actor: Akteur, benutzerId: string): boolean {
  return actor.benutzer.id === benutzerId || darfZugriffVerwalten(actor);
}
