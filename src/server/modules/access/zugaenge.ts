import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import type { Akteur } from "./access.types.js";
import * as repo from "./authentication.repository.js";

/**
 * Every other way in ends, in the caller's transaction: after a password change the other sessions
 * (all of them after a reset by someone else, or a deactivation) and all API tokens.
 */
export async function entziehZugaengeInTx(
  tx: Tx,
  ctx: AppContext,
  caller: Akteur | "system",
  benutzerId: string,
  behalteSitzung: string | null,
  grund: "passwort" | "deaktiviert" = "passwort",
  systemName?: string,
): Promise<{ sitzungen: number; tokens: number }> {
  const now = ctx.clock.now();
  const kopf = { akteur: caller, ...(systemName ? { systemName } : {}) };
  const sitzungen = await repo.deleteSitzungenAusser(tx, benutzerId, behalteSitzung);
  await schreibeProtokollInTx(tx, ctx.clock, {
    ...kopf,
    aktion: "sitzungen.beendet",
    objektArt: "benutzer",
    objektId: benutzerId,
    details:
      grund === "passwort"
        ? { anzahl: sitzungen, grund, aktuelleBleibt: behalteSitzung !== null }
        : { anzahl: sitzungen, grund },
  });
  const tokens = await repo.revokeApiTokensVon(tx, benutzerId, now);
  for (const t of tokens) {
    await schreibeProtokollInTx(tx, ctx.clock, {
      ...kopf,
      aktion: "api_token.widerrufen",
      objektArt: "benutzer",
      objektId: benutzerId,
      details: { tokenId: t.id, name: t.name, praefix: t.praefix, grund },
    });
  }
  return { sitzungen, tokens: tokens.length };
}
