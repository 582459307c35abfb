import { hatRolle, type Akteur } from "../../platform/akteur.js";

/**
 * Reading the whole Protokoll is for Administration and Datenschutz (the audit roles).
 * Object-level reads (an Akte's history for those who may see the Akte) are granted by the
 * module that owns the object.
 */
export function darfProtokollLesen(actor: Akteur): boolean {
  return hatRolle(actor, "Administration") || hatRolle(actor, "Datenschutz");
}
