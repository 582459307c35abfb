import { istUuid } from "../../platform/pruefungen.js";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { akteIdVon } from "./akten.repository.js";
import { protokolliereSchriftgutInTx } from "./protokollierung.js";
import * as repo from "./vorgaenge.repository.js";
import type { Vorgang } from "./vorgaenge.types.js";
import { pflichtfeld } from "./vorgang-eingabe.js";
import { getVorgang } from "./vorgang-lesen.service.js";
import { requireAkte, requireVorgang } from "./zugriffstor.js";

function unbekannteZielakte(ref: string): AppError {
  return new AppError("ungueltige_eingabe", `Die Akte „${ref}“ wurde nicht gefunden.`, {
    fehler: [{ feld: "/zielAkte", meldung: "Unbekannte Akte." }],
  });
}

/**
 * Umprotokollieren: moves a Vorgang (with its Dokumente) to another Akte. Its id stays, so links
 * keep working; its old Aktenzeichen and number still find it. Needs write access to both Akten.
 */
export async function umprotokollieren(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  input: { zielAkte: string; begruendung: string },
): Promise<Vorgang> {
  const grund = pflichtfeld(
    input.begruendung.normalize("NFC").trim(),
    "/begruendung",
    "Bitte begründen, warum der Vorgang umprotokolliert wird.",
  );
  await ctx.db.transaction(async (tx) => {
    const { akte } = await requireVorgang(ctx, actor, id, "bearbeiten", tx);
    const zielId = await akteIdVon(tx, input.zielAkte, istUuid(input.zielAkte));
    if (!zielId) throw unbekannteZielakte(input.zielAkte);
    let ziel;
    try {
      ziel = await requireAkte(ctx, actor, zielId, "bearbeiten", tx);
    } catch (error) {
      if (error instanceof AppError && error.code === "nicht_gefunden") {
        throw unbekannteZielakte(input.zielAkte);
      }
      throw error;
    }
    if (ziel.daten.id === akte.daten.id)
      throw new AppError("ungueltige_eingabe", "Der Vorgang liegt bereits in dieser Akte.", {
        fehler: [{ feld: "/zielAkte", meldung: "Gleiche Akte." }],
      });
    const current = (await repo.lockVorgang(tx, id))!;
    const neueNr = await repo.naechsteNr(tx, ziel.daten.id);
    await repo.move(
      tx,
      id,
      {
        alteAkteId: akte.daten.id,
        alteNr: current.nr,
        neueAkteId: ziel.daten.id,
        neueNr,
        von: actor.benutzer.id,
        begruendung: grund,
      },
      ctx.clock.now(),
    );
    const details = {
      vonAkte: akte.daten.id,
      alteNr: current.nr,
      nachAkte: ziel.daten.id,
      neueNr,
      begruendung: grund,
    };
    // Both Akten show the move in their history.
    for (const akteId of [akte.daten.id, ziel.daten.id]) {
      await ctx.ereignisse.sende(tx, { art: "akte.sichtbarkeit_geaendert", akteId: akteId });
      await protokolliereSchriftgutInTx(
        ctx,
        tx,
        actor,
        "vorgang.umprotokolliert",
        { art: "vorgang", id },
        akteId,
        details,
      );
    }
  });
  return getVorgang(ctx, actor, id);
}
