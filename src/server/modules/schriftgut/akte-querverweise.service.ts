import type { AppContext } from "../../platform/context.js";
import { nichtGefunden } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { findeSichtbareAkte } from "./akte-eingabe.js";
import { getAkte } from "./akte-lesen.service.js";
import * as repo from "./akten.repository.js";
import type { Akte, AkteRechte } from "./akten.types.js";
import { ungueltigeEingabe } from "./eingabe.js";
import { protokolliereAkteInTx } from "./protokollierung.js";
import { requireAkte } from "./zugriffstor.js";

/** Adds a Querverweis to another Akte the actor can see (or changes its Bemerkung). */
export async function addQuerverweis(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  input: { ziel: string; bemerkung?: string },
): Promise<Akte & { rechte: AkteRechte }> {
  await ctx.db.transaction(async (tx) => {
    const { daten } = await requireAkte(ctx, actor, id, "metadatenBearbeiten", tx);
    const ziel = await findeSichtbareAkte(ctx, actor, tx, input.ziel, "/ziel");
    if (ziel === daten.id)
      throw ungueltigeEingabe([
        { feld: "/ziel", meldung: "Eine Akte kann nicht auf sich selbst verweisen." },
      ]);
    await repo.addQuerverweis(tx, daten.id, ziel, input.bemerkung?.normalize("NFC").trim() ?? "");
    await protokolliereAkteInTx(ctx, tx, actor, "akte.geaendert", daten.id, {
      querverweisHinzugefuegt: ziel,
    });
  });
  return getAkte(ctx, actor, id);
}

/** Removes a Querverweis; 404 when the Akte has none to that target. */
export async function removeQuerverweis(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  zielId: string,
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { daten } = await requireAkte(ctx, actor, id, "metadatenBearbeiten", tx);
    if (!(await repo.removeQuerverweis(tx, daten.id, zielId))) throw nichtGefunden("Der Querverweis");
    await protokolliereAkteInTx(ctx, tx, actor, "akte.geaendert", daten.id, { querverweisEntfernt: zielId });
  });
}
