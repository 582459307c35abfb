import type { AppContext } from "../../platform/context.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { resolveOe, type Akteur } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { profilFuer, requireVorgang } from "../schriftgut/index.js";
import { darfRegelnPflegen } from "./posteingang.policy.js";
import * as repo from "./regeln.repository.js";
import type { Betreffregel } from "./posteingang.types.js";

/**
 * The Betreffregeln of the OEs the actor keeps. A rule whose Vorgang the actor may not read (say,
 * its Akte was restricted later) is left out: its Betreff and Aktenzeichen are that Akte's content.
 */
export async function listRegeln(ctx: AppContext, actor: Akteur): Promise<Betreffregel[]> {
  const regeln = await repo.listeRegeln(ctx.db, await profilFuer(ctx, actor));
  return regeln.filter((r) => darfRegelnPflegen(actor, r.oe.id));
}

export async function legeRegelAn(
  ctx: AppContext,
  actor: Akteur,
  eingabe: { oe: string; muster: string; vorgang: string },
): Promise<Betreffregel> {
  const muster = eingabe.muster.normalize("NFC").trim().replace(/\s+/g, " ");
  if (muster.length < 3)
    throw new AppError("ungueltige_eingabe", "Das Muster ist zu kurz.", {
      fehler: [{ feld: "/muster", meldung: "Mindestens 3 Zeichen, sonst passt es auf zu viele Eingänge." }],
    });
  const id = await ctx.db.transaction(async (tx) => {
    const oe = await resolveOe(tx, eingabe.oe, "oe");
    if (!darfRegelnPflegen(actor, oe.id))
      throw new AppError("keine_berechtigung", `Betreffregeln der OE ${oe.kuerzel} pflegt deren Personal.`);
    // The target must be a Vorgang the author may file into.
    await requireVorgang(ctx, actor, eingabe.vorgang, "dokumentAnlegen", tx);
    const neu = await repo.insertRegel(
      tx,
      { oeId: oe.id, muster, vorgangId: eingabe.vorgang, von: actor.benutzer.id },
      ctx.clock.now(),
    );
    if (!neu)
      throw new AppError("konflikt", `Für „${muster}“ gibt es in dieser OE schon eine Betreffregel.`, {
        fehler: [{ feld: "/muster", meldung: "Dieses Muster ist schon vergeben." }],
      });
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "posteingang.regel_angelegt",
      objektArt: "posteingang_regel",
      objektId: neu,
      details: { oe: oe.kuerzel, muster, vorgangId: eingabe.vorgang },
    });
    return neu;
  });
  return (await listRegeln(ctx, actor)).find((r) => r.id === id)!;
}

export async function loescheRegel(ctx: AppContext, actor: Akteur, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const regel = await repo.sperreRegel(tx, id);
    if (!regel || !darfRegelnPflegen(actor, regel.oeId)) throw nichtGefunden("Die Betreffregel");
    await repo.deleteRegel(tx, id);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "posteingang.regel_geloescht",
      objektArt: "posteingang_regel",
      objektId: id,
      details: { muster: regel.muster },
    });
  });
}
