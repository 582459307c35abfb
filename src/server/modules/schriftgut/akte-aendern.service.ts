import type { AppContext } from "../../platform/context.js";
import type { Akteur } from "../access/index.js";
import { resolveOes } from "./akte-eingabe.js";
import { getAkte } from "./akte-lesen.service.js";
import * as repo from "./akten.repository.js";
import type { Akte, AkteRechte, Vertraulichkeit } from "./akten.types.js";
import { ungueltigeEingabe } from "./eingabe.js";
import { protokolliereAkteInTx } from "./protokollierung.js";
import { requireAkte } from "./zugriffstor.js";

export interface AkteAenderung {
  betreff?: string;
  status?: "offen" | "geschlossen";
  vertraulichkeit?: Vertraulichkeit;
  papierablage?: string | null;
  beteiligteOes?: string[];
}

/** Changes the Angaben of an Akte (Betreff, status, Vertraulichkeit, Papierablage, beteiligte OEs). */
export async function updateAkte(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  patch: AkteAenderung,
): Promise<Akte & { rechte: AkteRechte }> {
  await ctx.db.transaction(async (tx) => {
    const { daten } = await requireAkte(ctx, actor, id, "metadatenBearbeiten", tx);
    await repo.lockAkte(tx, daten.id);
    const current = (await repo.getAkte(tx, daten.id))!;
    const betreff = patch.betreff !== undefined ? patch.betreff.normalize("NFC").trim() : current.betreff;
    if (!betreff) throw ungueltigeEingabe([{ feld: "/betreff", meldung: "Der Betreff fehlt." }]);
    await repo.updateAkte(
      tx,
      daten.id,
      {
        betreff,
        status: patch.status ?? current.status,
        vertraulichkeit: patch.vertraulichkeit ?? current.vertraulichkeit,
        papierablage:
          patch.papierablage !== undefined
            ? patch.papierablage?.normalize("NFC").trim() || null
            : current.papierablage,
        zugriffsbeschraenkt: current.zugriffsbeschraenkt,
      },
      ctx.clock.now(),
    );
    if (patch.beteiligteOes) {
      const ids = (await resolveOes(tx, patch.beteiligteOes, "beteiligteOes")).filter(
        (b) => b !== daten.federfuehrendeOeId,
      );
      await repo.setBeteiligte(tx, daten.id, ids);
      await ctx.ereignisse.sende(tx, { art: "akte.sichtbarkeit_geaendert", akteId: daten.id });
    }
    await protokolliereAkteInTx(ctx, tx, actor, "akte.geaendert", daten.id, {
      aenderungen: patch as Record<string, unknown>,
    });
  });
  return getAkte(ctx, actor, id);
}
