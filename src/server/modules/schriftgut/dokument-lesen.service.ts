import type { AppContext } from "../../platform/context.js";
import { nichtGefunden } from "../../platform/errors.js";
import type { Geraeteklasse } from "../../platform/http/geraeteklasse.js";
import type { Akteur } from "../access/index.js";
import { texterkennungVon } from "../content/index.js";
import * as repo from "./dokumente.repository.js";
import { zaehleDokumentansicht } from "./kennzahlen.repository.js";
import type { Dokument, DokumentKurz } from "./dokumente.types.js";
import { protokolliereLesenInTx } from "./protokollierung.js";
import type { VorgangRechte } from "./vorgaenge.types.js";
import { requireDokument, type AkteZugriff } from "./zugriffstor.js";

/** Dokumente of a Vorgang whose access the caller has already checked (metadata only, no text). */
export async function listDokumente(ctx: AppContext, vorgangId: string): Promise<DokumentKurz[]> {
  return repo.listDokumente(ctx.db, vorgangId);
}

/**
 * One Dokument with its versions, text recognition and Scanprotokoll; reading a restricted Akte is
 * recorded. With `ansicht` (someone opened the Dokument's page) the view is counted for the
 * viewer's OEs with the device class only, for the Steuerung's "documents viewed on the go";
 * views through API tokens (scripts, Fachverfahren) are not counted.
 */
export async function getDokument(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  ansicht?: { geraet: Geraeteklasse | null },
): Promise<Dokument> {
  return zeigeDokument(ctx, actor, id, await requireDokument(ctx, actor, id, "inhaltLesen"), ansicht);
}

/**
 * `getDokument` for a caller who has passed the gate with the right `inhaltLesen` (the upload,
 * which has just passed it inside its transaction, spares the second look).
 */
export async function zeigeDokument(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  tor: { vorgangId: string; akte: AkteZugriff; rechte: VorgangRechte },
  ansicht?: { geraet: Geraeteklasse | null },
): Promise<Dokument> {
  const { vorgangId, akte, rechte } = tor;
  const dokument = await repo.dokumentMitKopf(ctx.db, id);
  if (!dokument) throw nichtGefunden("Das Dokument");
  if (ansicht && actor.via === "sitzung")
    await zaehleDokumentansicht(
      ctx.db,
      actor.mitgliedschaften.map((m) => m.oeId),
      ansicht.geraet,
      ctx.clock.now(),
    );
  const v = dokument.kopf;
  if (akte.daten.zugriffsbeschraenkt) {
    await ctx.db.transaction((tx) =>
      protokolliereLesenInTx(ctx, tx, actor, akte.daten, { objektArt: "dokument", objektId: id }),
    );
  }
  const { vorgangId: _omit, scanprotokoll, kopf: _kopf, ...rest } = dokument;
  const alleRechte: Dokument["rechte"] = { ...rechte, versionAnlegen: rechte.dokumentAnlegen };
  return {
    ...rest,
    vorgang: { id: vorgangId, zeichen: `${v.aktenzeichen}-${v.nr}`, betreff: v.betreff, status: v.status },
    akte: { id: akte.daten.id, aktenzeichen: v.aktenzeichen },
    versionen: await repo.versionen(ctx.db, id),
    texterkennung: await texterkennungVon(ctx.db, id, dokument.aktuelleVersion),
    scanprotokoll,
    rechte: alleRechte,
  };
}
