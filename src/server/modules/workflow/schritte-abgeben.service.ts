import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import type { Ereignis } from "../../platform/ereignisse.js";
import { findBenutzer, mitgliederMitRolle, mitgliedschaftenVon } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { benachrichtige } from "./benachrichtigung.service.js";
import * as repo from "./geschaeftsgang.repository.js";
import type { GangZeile } from "./geschaeftsgang.repository.js";

/**
 * A user was deactivated (Verwaltung or directory sync): nothing may wait for them any more. Each
 * open or waiting step addressed to them goes to an OE's Postkorb — the Akte's federführende OE
 * when they belong to it, else their own first OE — and each OE step they had taken goes back to
 * that OE's Postkorb. The Leitung of every OE that received steps is told how many. In the
 * deactivating transaction, so it happens with the deactivation or not at all.
 */
export async function gibSchritteAbInTx(
  ctx: AppContext,
  tx: Tx,
  e: Extract<Ereignis, { art: "benutzer.deaktiviert" }>,
): Promise<void> {
  const schritte = await repo.schritteBeiBenutzer(tx, e.benutzerId);
  if (!schritte.length) return;
  const eigeneOes = (await mitgliedschaftenVon(tx, e.benutzerId))
    .filter((m) => m.rolle !== "Administration")
    .map((m) => m.oeId);
  const gaenge = new Map<string, GangZeile>();
  const jeOe = new Map<string, number>();
  for (const s of schritte) {
    let gang = gaenge.get(s.geschaeftsgang_id);
    if (!gang) {
      gang = (await repo.ladeGang(tx, s.geschaeftsgang_id))!;
      gaenge.set(gang.id, gang);
    }
    const oeId =
      s.adressat_oe_id ??
      (eigeneOes.includes(gang.federfuehrende_oe_id)
        ? gang.federfuehrende_oe_id
        : (eigeneOes[0] ?? gang.federfuehrende_oe_id));
    await repo.gibAnOe(tx, s.id, oeId);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: e.akteur,
      ...(e.systemName ? { systemName: e.systemName } : {}),
      aktion: "schritt.an_oe_zurueck",
      objektArt: "schritt",
      objektId: s.id,
      details: {
        akteId: gang.akte_id,
        vorgangId: gang.vorgang_id,
        geschaeftsgangId: gang.id,
        art: s.art,
        von: { benutzerId: s.adressat_benutzer_id ?? s.bearbeiter_id, oeId: s.adressat_oe_id },
        an: { benutzerId: null, oeId },
      },
    });
    jeOe.set(oeId, (jeOe.get(oeId) ?? 0) + 1);
  }
  const person = await findBenutzer(tx, { id: e.benutzerId });
  const name = person?.anzeigename ?? "Ein Benutzer";
  for (const [oeId, anzahl] of jeOe) {
    const leitung = await mitgliederMitRolle(tx, [oeId], "Leitung", true);
    await benachrichtige(ctx, tx, leitung, {
      art: "schritte_uebergeben",
      text: `${name} ist deaktiviert. ${anzahl === 1 ? "Ein offener Schritt liegt" : `${anzahl} offene Schritte liegen`} jetzt im Postkorb Ihrer OE.`,
      link: "/",
      perMail: true,
    });
  }
}
