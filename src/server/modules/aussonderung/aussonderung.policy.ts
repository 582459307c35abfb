import { AppError } from "../../platform/errors.js";
import { hatRolle, type Akteur, type Rolle } from "../access/index.js";

/** Who keeps the retention of Akten: the Registratur and the Archiv, in any OE. */
const AUFBEWAHRUNG: readonly Rolle[] = ["Registratur", "Archiv"];
/** Who may put an Akte on legal hold and lift it again. */
const LOESCHSPERRE: readonly Rolle[] = ["Registratur", "Archiv", "Datenschutz", "Leitung"];
/** Who may read what was deleted after an Aussonderung. */
const LOESCHPROTOKOLL: readonly Rolle[] = ["Registratur", "Archiv", "Datenschutz"];

const eineDer = (akteur: Akteur, rollen: readonly Rolle[]) => rollen.some((r) => hatRolle(akteur, r));

/** Frist and Archivwürdigkeit of an Akte are overridden by the Registratur (and the Archiv). */
export function darfAufbewahrungPflegen(akteur: Akteur): boolean {
  return eineDer(akteur, AUFBEWAHRUNG);
}

/** The Aussonderung is run by Registratur and Archiv: the list of what is due, offers and transfers. */
export function darfAussondern(akteur: Akteur): boolean {
  return eineDer(akteur, AUFBEWAHRUNG);
}

/**
 * The Archiv assesses what is due (A, B or V with a note) before the Registratur offers it; the
 * Registratur reads the Bewertung but does not make it.
 */
export function darfBewerten(akteur: Akteur): boolean {
  return hatRolle(akteur, "Archiv");
}

/** A Löschsperre is set by Registratur, Archiv, Datenschutz or the Leitung, each with a reason. */
export function darfLoeschsperreSetzen(akteur: Akteur): boolean {
  return eineDer(akteur, LOESCHSPERRE);
}

/** Lifting a Löschsperre takes the same roles as setting one. */
export function darfLoeschsperreAufheben(akteur: Akteur): boolean {
  return eineDer(akteur, LOESCHSPERRE);
}

/** The Löschprotokoll is for Registratur, Archiv and Datenschutz. */
export function darfLoeschprotokollSehen(akteur: Akteur): boolean {
  return eineDer(akteur, LOESCHPROTOKOLL);
}

/**
 * xdomea messages (export, import, the list of messages) are exchanged by Registratur and Archiv;
 * the system (CLI, jobs) may always.
 */
export function darfXdomeaAustauschen(akteur: Akteur | "system"): boolean {
  return akteur === "system" || eineDer(akteur, AUFBEWAHRUNG);
}

/** `darfXdomeaAustauschen` as a gate: refuses with the German reason. */
export function verlangeXdomeaAustausch(akteur: Akteur | "system"): void {
  if (!darfXdomeaAustauschen(akteur))
    throw new AppError("keine_berechtigung", "xdomea-Nachrichten tauschen Registratur und Archiv aus.");
}
