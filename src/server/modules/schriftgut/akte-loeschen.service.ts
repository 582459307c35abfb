import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import * as repo from "./akten.repository.js";
import { protokolliereAkteInTx } from "./protokollierung.js";
import { requireAkte } from "./zugriffstor.js";

/** Deletes an Akte created by mistake: only while it holds no Vorgang. Its Aktenzeichen is never issued again. */
export async function deleteAkte(ctx: AppContext, actor: Akteur, id: string): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    const { daten } = await requireAkte(ctx, actor, id, "metadatenBearbeiten", tx);
    await repo.lockAkte(tx, daten.id);
    if ((await repo.anzahlVorgaenge(tx, daten.id)) > 0)
      throw new AppError(
        "konflikt",
        "Eine Akte mit Vorgängen kann nicht gelöscht werden; schließen Sie sie stattdessen.",
      );
    const akte = (await repo.getAkte(tx, daten.id))!;
    await repo.markDeleted(tx, daten.id, ctx.clock.now());
    await protokolliereAkteInTx(ctx, tx, actor, "akte.geloescht", daten.id, {
      aktenzeichen: akte.aktenzeichen,
      betreff: akte.betreff,
    });
  });
}
