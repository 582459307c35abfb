import { hatRolle, type Akteur } from "../access/index.js";

/** Everyone signed in reads the Aktenplan: it is how Akten are found and filed. */
export function darfAktenplanLesen(_actor: Akteur): boolean {
  return true;
}

/** The Registratur keeps the Aktenplan. */
export function darfAktenplanPflegen(actor: Akteur): boolean {
  return hatRolle(actor, "Registratur");
}
