import { hatRolle, type Akteur, type Rolle } from "../access/index.js";

/** The roles by which an OE's own staff see its Posteingang. */
const OE_ROLLEN: readonly Rolle[] = ["Sachbearbeitung", "Leitung"];

/** The central mail room (role Posteingang) sees every OE's intake; an OE's own staff see theirs. */
export function darfEintragSehen(actor: Akteur, oeId: string): boolean {
  return (
    hatRolle(actor, "Posteingang") ||
    actor.mitgliedschaften.some((m) => m.oeId === oeId && OE_ROLLEN.includes(m.rolle))
  );
}

/** Mail goes into an OE's Posteingang by its own staff or the mail room: those who see it. */
export function darfAufnehmen(actor: Akteur, oeId: string): boolean {
  return darfEintragSehen(actor, oeId);
}

/**
 * Registering or discarding an item is for those who see it; whether they may file into the
 * target Vorgang or Akte is Schriftgut's gate.
 */
export function darfErledigen(actor: Akteur, oeId: string): boolean {
  return darfEintragSehen(actor, oeId);
}

/** Who keeps an OE's Betreffregeln: its Leitung and Sachbearbeitung, and the Poststelle. */
export function darfRegelnPflegen(actor: Akteur, oeId: string): boolean {
  return darfEintragSehen(actor, oeId);
}

/**
 * Whose items a list shows, as data for the query: every OE's for the mail room, otherwise the OEs
 * in which the actor holds one of the OE roles. The same rule as `darfEintragSehen`.
 */
export function sichtbareOes(actor: Akteur): { alle: boolean; oeIds: string[] } {
  return {
    alle: hatRolle(actor, "Posteingang"),
    oeIds: actor.mitgliedschaften.filter((m) => OE_ROLLEN.includes(m.rolle)).map((m) => m.oeId),
  };
}
