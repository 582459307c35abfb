import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import * as repo from "./access.repository.js";
import type { Akteur } from "./access.types.js";
import { entziehZugaengeInTx } from "./zugaenge.js";

/** Why a user is deactivated: by hand in the Verwaltung, or by the directory sync (and why there). */
export type Deaktivierungsanlass =
  { anlass: "verwaltung" } | { anlass: "verzeichnis"; grund: "gesperrt" | "entfernt" };

/**
 * Deactivates a user in the caller's transaction, the one way for the Verwaltung and the directory
 * sync alike: the account is marked inactive, every session ends and every API token is revoked at
 * once, the Protokoll records it, and `benutzer.deaktiviert` tells the layers above (Workflow hands
 * the user's open steps to their OE's Postkorb and tells its Leitung). A user already inactive is
 * left alone. The caller checks permissions and the last Administration.
 */
export async function deaktiviereBenutzerInTx(
  ctx: AppContext,
  tx: Tx,
  caller: Akteur | "system",
  benutzerId: string,
  anlass: Deaktivierungsanlass,
  systemName?: string,
): Promise<{ sitzungen: number; tokens: number } | null> {
  if (!(await repo.setzeInaktiv(tx, benutzerId, ctx.clock.now()))) return null;
  const kopf = { akteur: caller, ...(systemName ? { systemName } : {}) };
  await schreibeProtokollInTx(tx, ctx.clock, {
    ...kopf,
    aktion: "benutzer.deaktiviert",
    objektArt: "benutzer",
    objektId: benutzerId,
    details: anlass,
  });
  const entzogen = await entziehZugaengeInTx(tx, ctx, caller, benutzerId, null, "deaktiviert", systemName);
  await ctx.ereignisse.sende(tx, { art: "benutzer.deaktiviert", benutzerId, ...kopf });
  return entzogen;
}
