import { hatRolle, type Akteur } from "../access/index.js";

/** Everyone signed in reads the Aktenplan: it is how Akten are found and filed. */
export function darfAktenplanLesen(_actor: Akteur): boolean {
  return true;
}

/** The Registratur keeps the Aktenplan. */
export function darfAktenplanPflegen(actor: Akteur): boolean {
  return hatRolle(actor, "Registratur");
}

/**
 * Trying an import without taking it over (what would change) is open to the Registratur and the
 * Administration, which prepares the Aktenplan with the Stabsstelle; taking it over stays with the
 * Registratur.
 */
export function darfAktenplanImportPruefen(actor: Akteur): boolean {
  return darfAktenplanPflegen(actor) || hatRolle(actor, "Administration");
}
