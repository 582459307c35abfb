import { hatRolle, type Actor } from "../access/access.types.js";

/** Everyone signed in reads the Aktenplan: it is how Akten are found and filed. */
export function darfAktenplanLesen(_actor: Actor): boolean {
  return true;
}

/** The Registratur keeps the Aktenplan. */
export function darfAktenplanPflegen(actor: Actor): boolean {
  return hatRolle(actor, "Registratur");
}
