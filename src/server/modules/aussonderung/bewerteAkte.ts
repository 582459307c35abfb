import type { AppContext } from "../../platform/context.js";
import { heute } from "../../platform/clock.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { istUuid } from "../../platform/pruefungen.js";
import type { Akteur } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { darfBewerten } from "./aussonderung.policy.js";
import * as repo from "./aussonderung.repository.js";
import type { Bewertung } from "./aussonderung.types.js";

/**
 * The Archiv assesses one Akte on the Aussonderungsliste: A (archivwürdig), B (bewerten, still
 * open) or V (vernichten), with an optional note; a later Bewertung replaces the earlier one, the
 * Protokoll keeps both. Only Akten due for Aussonderung can be assessed: the Archiv sees other
 * Akten nowhere, so any other Akte is "nicht gefunden".
 */
export async function bewerteAkte(
  ctx: AppContext,
  actor: Akteur,
  akteId: string,
  eingabe: { entscheidung: "A" | "B" | "V"; notiz?: string | null },
): Promise<Bewertung> {
  if (!darfBewerten(actor)) throw new AppError("keine_berechtigung", "Akten bewertet das Archiv.");
  const notiz = eingabe.notiz?.normalize("NFC").trim() || null;
  return ctx.db.transaction(async (tx) => {
    if (!istUuid(akteId) || !(await repo.istFaellig(tx, heute(ctx.clock), akteId)))
      throw nichtGefunden("Die Akte");
    const vorher = (await repo.lockBewertung(tx, akteId)) ?? null;
    const bewertung = await repo.speichereBewertung(
      tx,
      { akteId, entscheidung: eingabe.entscheidung, notiz, von: actor.benutzer.id },
      ctx.clock.now(),
    );
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "akte.bewertet",
      objektArt: "akte",
      objektId: akteId,
      details: { akteId, entscheidung: eingabe.entscheidung, notiz, vorher },
    });
    return bewertung;
  });
}
