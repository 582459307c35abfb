import type { AppContext } from "../../platform/context.js";
import { heute, istDatum } from "../../platform/clock.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { istUuid } from "../../platform/pruefungen.js";
import type { Akteur } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { requireAkte } from "../schriftgut/index.js";
import { getAufbewahrung } from "./aufbewahrung.service.js";
import { darfLoeschsperreAufheben, darfLoeschsperreSetzen } from "./aussonderung.policy.js";
import * as repo from "./aussonderung.repository.js";
import type { Aufbewahrung } from "./aussonderung.types.js";

/** Löschsperre (legal hold): Registratur, Archiv, Datenschutz or the Leitung may set one, with a reason. */
export async function setzeLoeschsperre(
  ctx: AppContext,
  actor: Akteur,
  akteId: string,
  eingabe: { grund: string; bis?: string | null },
): Promise<Aufbewahrung> {
  const grund = eingabe.grund.normalize("NFC").trim();
  if (!grund)
    throw new AppError("ungueltige_eingabe", "Bitte den Grund der Löschsperre angeben.", {
      fehler: [{ feld: "/grund", meldung: "Pflichtfeld." }],
    });
  if (eingabe.bis && (!istDatum(eingabe.bis) || eingabe.bis < heute(ctx.clock)))
    throw new AppError("ungueltige_eingabe", "Das Ende der Löschsperre muss ein künftiges Datum sein.", {
      fehler: [{ feld: "/bis", meldung: "Datum ab heute, Form JJJJ-MM-TT." }],
    });
  if (!darfLoeschsperreSetzen(actor))
    throw new AppError(
      "keine_berechtigung",
      "Löschsperren setzen Registratur, Archiv, Datenschutz und Leitung.",
    );
  await ctx.db.transaction(async (tx) => {
    await requireAkte(ctx, actor, akteId, "lesen", tx);
    const bis = eingabe.bis ?? null;
    const id = await repo.legeLoeschsperreAn(
      tx,
      { akteId, grund, bis, von: actor.benutzer.id },
      ctx.clock.now(),
    );
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "akte.loeschsperre_gesetzt",
      objektArt: "akte",
      objektId: akteId,
      details: { akteId, loeschsperreId: id, grund, bis },
    });
  });
  return getAufbewahrung(ctx, actor, akteId);
}

export async function hebeLoeschsperreAuf(
  ctx: AppContext,
  actor: Akteur,
  sperreId: string,
  grund: string,
): Promise<Aufbewahrung> {
  const text = grund.normalize("NFC").trim();
  if (!text)
    throw new AppError("ungueltige_eingabe", "Bitte begründen, warum die Löschsperre endet.", {
      fehler: [{ feld: "/grund", meldung: "Pflichtfeld." }],
    });
  if (!darfLoeschsperreAufheben(actor))
    throw new AppError(
      "keine_berechtigung",
      "Löschsperren heben Registratur, Archiv, Datenschutz und Leitung auf.",
    );
  const akteId = await ctx.db.transaction(async (tx) => {
    const id = istUuid(sperreId) ? await repo.lockOffeneLoeschsperre(tx, sperreId) : undefined;
    if (!id) throw nichtGefunden("Die Löschsperre");
    await requireAkte(ctx, actor, id, "lesen", tx);
    await repo.hebeLoeschsperreAuf(tx, sperreId, { von: actor.benutzer.id, grund: text }, ctx.clock.now());
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "akte.loeschsperre_aufgehoben",
      objektArt: "akte",
      objektId: id,
      details: { akteId: id, loeschsperreId: sperreId, grund: text },
    });
    return id;
  });
  return getAufbewahrung(ctx, actor, akteId);
}
