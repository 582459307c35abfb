import type { AppContext } from "../../platform/context.js";
import type { Akteur } from "../../platform/akteur.js";
import type { Queryable } from "../../platform/database/database.js";
import { sichtbareAktenJeAktenplaneinheit } from "./auskunft.repository.js";
import { profilFuer } from "./zugriffstor.js";

/** The Aktenplan's counts as the reader may see them (answers `akten.je_aktenplaneinheit.sichtbar`). */
export async function zaehleSichtbareAktenJeEinheit(
  ctx: AppContext,
  q: Queryable,
  leser: Akteur,
  einheitIds?: readonly string[],
): Promise<Map<string, number>> {
  return sichtbareAktenJeAktenplaneinheit(q, await profilFuer(ctx, leser), einheitIds);
}
