import { registriereBlob } from "../../platform/blobstore/index.js";
import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { AppError } from "../../platform/errors.js";
import { resolveOe, type Akteur } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { finde } from "./liste.service.js";
import { darfAufnehmen } from "./posteingang.policy.js";
import * as repo from "./posteingang.repository.js";
import type { Aufnahme, Eintrag, Kanal } from "./posteingang.types.js";

export const JOB_POSTEINGANG = "posteingang";

function keineBerechtigung(oeKuerzel: string): AppError {
  return new AppError(
    "keine_berechtigung",
    `In den Posteingang der OE ${oeKuerzel} legt deren Personal oder die Poststelle.`,
  );
}

/**
 * The permission part of `nimmAuf`, for the upload route to run before the file is stored:
 * the OE exists and the caller may put mail into its Posteingang.
 */
export async function pruefeAufnahme(ctx: AppContext, caller: Akteur, oeKuerzel: string): Promise<void> {
  const oe = await resolveOe(ctx.db, oeKuerzel, "oe");
  if (!darfAufnehmen(caller, oe.id)) throw keineBerechtigung(oe.kuerzel);
}

/** Takes an item into an OE's Posteingang: it waits there, its text is read in the background. */
export async function nimmAuf(
  ctx: AppContext,
  caller: Akteur | "system",
  eingang: Aufnahme,
): Promise<Eintrag> {
  if (eingang.datei.stored.groesse === 0)
    throw new AppError("ungueltige_eingabe", "Die Datei ist leer (0 Byte).", {
      fehler: [{ feld: "/datei", meldung: "Die Datei ist leer." }],
    });
  const id = await ctx.db.transaction((tx) => nimmAufInTx(ctx, tx, caller, eingang));
  return (await finde(ctx, caller, id))!;
}

/** The intake itself: the row, the text recognition job and the Protokoll entry; the new item's id. */
async function nimmAufInTx(
  ctx: AppContext,
  tx: Tx,
  caller: Akteur | "system",
  eingang: Aufnahme,
): Promise<string> {
  const oe = await resolveOe(tx, eingang.oe, "oe");
  if (caller !== "system" && !darfAufnehmen(caller, oe.id)) throw keineBerechtigung(oe.kuerzel);
  const kanal: Kanal =
    eingang.datei.mimeTyp === "message/rfc822" && eingang.kanal === "upload" ? "email" : eingang.kanal;
  await registriereBlob(tx, eingang.datei.stored.sha256, eingang.datei.stored.groesse, ctx.clock.now());
  const neu = await repo.insertEintrag(
    tx,
    {
      oeId: oe.id,
      kanal,
      sha256: eingang.datei.stored.sha256,
      dateiname: eingang.datei.dateiname,
      originaldateiname: eingang.datei.originaldateiname,
      mimeTyp: eingang.datei.mimeTyp,
      groesse: eingang.datei.stored.groesse,
      angaben: eingang.angaben ?? {},
      scanprotokoll: eingang.scanprotokoll ?? null,
      von: caller === "system" ? null : caller.benutzer.id,
    },
    ctx.clock.now(),
  );
  await ctx.jobs.enqueue(tx, JOB_POSTEINGANG, { id: neu }, { schluessel: neu, maxVersuche: 3 });
  await schreibeProtokollInTx(tx, ctx.clock, {
    akteur: caller,
    systemName: "System (Scanordner)",
    aktion: "posteingang.aufgenommen",
    objektArt: "posteingang",
    objektId: neu,
    details: {
      oe: oe.kuerzel,
      kanal,
      dateiname: eingang.datei.dateiname,
      sha256: eingang.datei.stored.sha256,
    },
  });
  return neu;
}
