import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import type { Akteur } from "../access/index.js";
import { schreibeProtokollInTx, type ProtokollAktion } from "../protokoll/index.js";
import type { AkteZugriffsdaten } from "./akten.types.js";

/** Every read of a restricted Akte's content is recorded, in the reading request's own transaction. */
export async function protokolliereLesenInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  akte: AkteZugriffsdaten,
  was: { objektArt: string; objektId: string; details?: Record<string, unknown> },
): Promise<void> {
  if (!akte.zugriffsbeschraenkt) return;
  await schreibeProtokollInTx(tx, ctx.clock, {
    akteur: actor,
    aktion: "akte.beschraenkt_gelesen",
    objektArt: was.objektArt,
    objektId: was.objektId,
    details: { akteId: akte.id, ...was.details },
  });
}

/** Records a change to an Akte or something in it; `details.akteId` lets the Akte show its history. */
export async function protokolliereSchriftgutInTx(
  ctx: AppContext,
  tx: Tx,
  caller: Akteur | "system",
  aktion: ProtokollAktion,
  objekt: { art: string; id: string },
  akteId: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await schreibeProtokollInTx(tx, ctx.clock, {
    akteur: caller,
    aktion,
    objektArt: objekt.art,
    objektId: objekt.id,
    details: { akteId, ...details },
  });
}

/** Records a change to the Akte itself (the object is the Akte). */
export async function protokolliereAkteInTx(
  ctx: AppContext,
  tx: Tx,
  caller: Akteur | "system",
  aktion: ProtokollAktion,
  akteId: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await protokolliereSchriftgutInTx(ctx, tx, caller, aktion, { art: "akte", id: akteId }, akteId, details);
}
