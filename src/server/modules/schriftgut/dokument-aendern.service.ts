import type { AppContext } from "../../platform/context.js";
import type { Akteur } from "../access/index.js";
import { pruefeMetadaten } from "./dokument-eingabe.js";
import { getDokument } from "./dokument-lesen.service.js";
import * as repo from "./dokumente.repository.js";
import type { Dokument, DokumentMetadaten } from "./dokumente.types.js";
import { protokolliereSchriftgutInTx } from "./protokollierung.js";
import { requireDokument } from "./zugriffstor.js";

/** Changes the metadata of a Dokument (its versions stay as they are); the search index follows. */
export async function updateDokument(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  patch: Partial<DokumentMetadaten>,
): Promise<Dokument> {
  await ctx.db.transaction(async (tx) => {
    const { akte } = await requireDokument(ctx, actor, id, "dokumentAnlegen", tx);
    const current = (await repo.getDokument(tx, id))!;
    const daten = pruefeMetadaten(patch, current, current.titel);
    await repo.updateDokument(tx, id, daten, ctx.clock.now());
    await ctx.ereignisse.sende(tx, { art: "dokument.geaendert", dokumentId: id });
    await protokolliereSchriftgutInTx(
      ctx,
      tx,
      actor,
      "dokument.geaendert",
      { art: "dokument", id },
      akte.daten.id,
      { aenderungen: patch as Record<string, unknown> },
    );
  });
  return getDokument(ctx, actor, id);
}
