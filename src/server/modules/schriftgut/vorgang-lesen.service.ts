import type { AppContext } from "../../platform/context.js";
import { nichtGefunden } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { felderDerEinheit } from "../aktenplan/index.js";
import { akteIdVon } from "./akten.repository.js";
import { protokolliereLesenInTx } from "./protokollierung.js";
import * as repo from "./vorgaenge.repository.js";
import type { Vorgang, VorgangKurz } from "./vorgaenge.types.js";
import { requireAkte, requireVorgang } from "./zugriffstor.js";

/** One Vorgang with the metadata fields of its Aktenplaneinheit; reading a restricted Akte is recorded. */
export async function getVorgang(ctx: AppContext, actor: Akteur, id: string): Promise<Vorgang> {
  const { akte, rechte } = await requireVorgang(ctx, actor, id, "inhaltLesen");
  const v = await repo.getVorgang(ctx.db, id);
  if (!v) throw nichtGefunden("Der Vorgang");
  const { felder } = await felderDerEinheit(ctx.db, v.aktenplaneinheitId);
  if (akte.daten.zugriffsbeschraenkt) {
    await ctx.db.transaction((tx) =>
      protokolliereLesenInTx(ctx, tx, actor, akte.daten, { objektArt: "vorgang", objektId: id }),
    );
  }
  const { aktenplaneinheitId: _omit, ...rest } = v;
  return { ...rest, metadatenfelder: felder, rechte };
}

/** The Vorgänge of an Akte whose content the actor may read. */
export async function listVorgaenge(ctx: AppContext, actor: Akteur, akteId: string): Promise<VorgangKurz[]> {
  const { daten } = await requireAkte(ctx, actor, akteId, "inhaltLesen");
  return repo.listVorgaenge(ctx.db, daten.id);
}

/** Finds a Vorgang by Aktenzeichen and number, also under the Aktenzeichen it had before a move. */
export async function findeVorgang(
  ctx: AppContext,
  actor: Akteur,
  aktenzeichen: string,
  nr: number,
): Promise<Vorgang> {
  const akteId = await akteIdVon(ctx.db, aktenzeichen, false);
  const id = akteId ? await repo.findByZeichen(ctx.db, akteId, nr) : undefined;
  if (!id) throw nichtGefunden("Der Vorgang");
  return getVorgang(ctx, actor, id);
}
