import type { AppContext } from "../../platform/context.js";
import type { Akteur } from "../access/index.js";
import { getAkte } from "./akte-lesen.service.js";
import * as repo from "./akten.repository.js";
import type { Akte, AkteRechte } from "./akten.types.js";
import { protokolliereAkteInTx } from "./protokollierung.js";
import { requireAkte } from "./zugriffstor.js";

/** Starts a new Band (volume); the previous one ends the day the new one begins. */
export async function addBand(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  input: { titel?: string; beginn?: string },
): Promise<Akte & { rechte: AkteRechte }> {
  await ctx.db.transaction(async (tx) => {
    const { daten } = await requireAkte(ctx, actor, id, "metadatenBearbeiten", tx);
    await repo.lockAkte(tx, daten.id);
    const beginn = input.beginn ?? ctx.clock.now().toISOString().slice(0, 10);
    const nr = await repo.addBand(tx, daten.id, input.titel?.normalize("NFC").trim() ?? "", beginn);
    await protokolliereAkteInTx(ctx, tx, actor, "akte.geaendert", daten.id, { bandAngelegt: nr });
  });
  return getAkte(ctx, actor, id);
}
