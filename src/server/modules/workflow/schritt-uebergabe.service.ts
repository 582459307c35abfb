import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { AppError } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { beteiligeAdressatenInTx } from "../schriftgut/index.js";
import {
  loeseAdressat,
  meldeOffeneSchritteInTx,
  protokolliereGangInTx,
  sperreSchrittInTx,
} from "./geschaeftsgang-ablauf.js";
import * as repo from "./geschaeftsgang.repository.js";
import type { GangZeile, SchrittZeile } from "./geschaeftsgang.repository.js";
import { getGeschaeftsgang } from "./geschaeftsgang.service.js";
import { hindernisFuerUebernahme } from "./workflow.policy.js";
import type { Geschaeftsgang, Person, SchrittEingabe } from "./workflow.types.js";

// Who has a step: forward it to another person or OE, or take an OE step into one's own Postkorb.

/** Forwards an open step to another person or OE (recorded, and they are told). */
export async function leiteWeiterInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  gang: GangZeile,
  schritt: SchrittZeile,
  ivFuer: Person | null,
  eingabe: { begruendung?: string; an?: SchrittEingabe["adressat"] },
): Promise<string> {
  if (!eingabe.an)
    throw new AppError("ungueltige_eingabe", "Bitte angeben, an wen der Schritt weitergeleitet wird.", {
      fehler: [{ feld: "/an", meldung: "Person oder OE." }],
    });
  const an = await loeseAdressat(tx, eingabe.an, "/an");
  if (an.benutzerId === (schritt.adressat_benutzer_id ?? schritt.bearbeiter_id) && an.benutzerId !== null)
    throw new AppError("ungueltige_eingabe", "Der Schritt liegt bereits bei dieser Person.", {
      fehler: [{ feld: "/an", meldung: "Andere Person wählen." }],
    });
  await repo.leiteUm(tx, schritt.id, an, ctx.clock.now());
  await beteiligeAdressatenInTx(ctx, tx, actor, gang.akte_id, {
    benutzerIds: an.benutzerId ? [an.benutzerId] : [],
    oeIds: an.oeId ? [an.oeId] : [],
  });
  await protokolliereGangInTx(
    ctx,
    tx,
    actor,
    ivFuer,
    "schritt.weitergeleitet",
    { art: "schritt", id: schritt.id },
    gang,
    {
      art: schritt.art,
      von: { benutzerId: schritt.adressat_benutzer_id, oeId: schritt.adressat_oe_id },
      an,
      ...(eingabe.begruendung ? { begruendung: eingabe.begruendung } : {}),
    },
  );
  await meldeOffeneSchritteInTx(ctx, tx, gang, [schritt.id]);
  return gang.id;
}

/** Takes an open OE step into one's own Postkorb: of two at once, exactly one wins. */
export async function uebernimm(ctx: AppContext, actor: Akteur, schrittId: string): Promise<Geschaeftsgang> {
  const gangId = await ctx.db.transaction(async (tx) => {
    const { gang, schritt, rolle } = await sperreSchrittInTx(ctx, tx, actor, schrittId);
    switch (hindernisFuerUebernahme(gang, schritt, rolle)) {
      case "nicht_offen":
        throw new AppError("konflikt", "Dieser Schritt ist nicht offen.");
      case "an_person":
        throw new AppError("konflikt", "Dieser Schritt ist an eine Person gerichtet.");
      case "schon_uebernommen":
        throw new AppError(
          "konflikt",
          `Diesen Schritt hat bereits ${schritt.bearbeiter!.anzeigename} übernommen.`,
        );
      case "andere_oe":
        throw new AppError("keine_berechtigung", "Dieser Schritt liegt im Postkorb einer anderen OE.");
    }
    await repo.setzeBearbeiter(tx, schritt.id, actor.benutzer.id);
    await protokolliereGangInTx(
      ctx,
      tx,
      actor,
      null,
      "schritt.uebernommen",
      { art: "schritt", id: schritt.id },
      gang,
      { art: schritt.art },
    );
    return gang.id;
  });
  return getGeschaeftsgang(ctx, actor, gangId);
}
