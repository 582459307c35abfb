import type { AppContext } from "../../platform/context.js";
import type { Akteur } from "../access/index.js";
import { protokolliereSchriftgutInTx } from "./protokollierung.js";
import * as repo from "./vorgaenge.repository.js";
import type { Vorgang } from "./vorgaenge.types.js";
import type { NeuerVorgang } from "./vorgang-anlegen.service.js";
import { metadatenFuer, pflichtfeld, pruefeFrist } from "./vorgang-eingabe.js";
import { getVorgang } from "./vorgang-lesen.service.js";
import { requireVorgang } from "./zugriffstor.js";

/** Changes Betreff, Frist or metadata of a Vorgang in Bearbeitung. */
export async function updateVorgang(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  patch: Partial<NeuerVorgang>,
): Promise<Vorgang> {
  await ctx.db.transaction(async (tx) => {
    const { akte } = await requireVorgang(ctx, actor, id, "zdaVerfuegen", tx);
    const current = (await repo.getVorgang(tx, id))!;
    const betreff = pflichtfeld(
      patch.betreff !== undefined ? patch.betreff.normalize("NFC").trim() : current.betreff,
      "/betreff",
      "Der Betreff fehlt.",
    );
    const metadaten =
      patch.metadaten !== undefined
        ? await metadatenFuer(tx, current.aktenplaneinheitId, patch.metadaten)
        : current.metadaten;
    await repo.updateVorgang(
      tx,
      id,
      { betreff, frist: patch.frist !== undefined ? pruefeFrist(patch.frist) : current.frist, metadaten },
      ctx.clock.now(),
    );
    await protokolliereSchriftgutInTx(
      ctx,
      tx,
      actor,
      "vorgang.geaendert",
      { art: "vorgang", id },
      akte.daten.id,
      { aenderungen: patch as Record<string, unknown> },
    );
  });
  return getVorgang(ctx, actor, id);
}
