import type { Akteur } from "../access/index.js";

/**
 * Who sees which figures (the "sichtbar für" of the catalogue): the Stabsstelle E-Government
 * (role Steuerung) and the Leitung of the Landrat's office or of a Dezernat see the whole county;
 * any other Leitung sees its OE and what lies below. Nobody else sees figures; the Personalrat
 * reads the catalogue. `arten` gives each OE's kind.
 */
export function reichweite(
  actor: Akteur,
  arten: ReadonlyMap<string, string>,
): { kreis: true } | { kreis: false; oes: string[] } {
  if (actor.mitgliedschaften.some((m) => m.rolle === "Steuerung")) return { kreis: true };
  const leitung = actor.mitgliedschaften.filter((m) => m.rolle === "Leitung");
  if (leitung.some((m) => ["Landrat", "Dezernat"].includes(arten.get(m.oeId) ?? ""))) return { kreis: true };
  return { kreis: false, oes: leitung.map((m) => m.oeId) };
}

export function darfKatalogLesen(actor: Akteur): boolean {
  return actor.mitgliedschaften.some((m) => ["Steuerung", "Leitung", "Personalrat"].includes(m.rolle));
}

/** The strategy is edited by the Stabsstelle E-Government (role Steuerung). */
export function darfStrategieBearbeiten(actor: Akteur): boolean {
  return actor.mitgliedschaften.some((m) => m.rolle === "Steuerung");
}

/** The strategy and the Einführungsstand are read by the Steuerung and every Leitung. */
export function darfStrategieLesen(actor: Akteur): boolean {
  return actor.mitgliedschaften.some((m) => ["Steuerung", "Leitung"].includes(m.rolle));
}
