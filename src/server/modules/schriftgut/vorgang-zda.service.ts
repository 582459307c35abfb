import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import type { Akteur } from "../access/index.js";
import { protokolliereSchriftgutInTx } from "./protokollierung.js";
import * as repo from "./vorgaenge.repository.js";
import type { Vorgang } from "./vorgaenge.types.js";
import { pflichtfeld } from "./vorgang-eingabe.js";
import { getVorgang } from "./vorgang-lesen.service.js";
import { requireVorgang } from "./zugriffstor.js";

/** zdA: processing is finished; the Vorgang takes no new Dokumente or versions, retention starts. */
export async function verfuegeZda(ctx: AppContext, actor: Akteur, id: string): Promise<Vorgang> {
  await ctx.db.transaction((tx) => setzeZdaInTx(ctx, tx, actor, id));
  return getVorgang(ctx, actor, id);
}

/** zdA inside the caller's transaction (e.g. the zdA step of a Geschäftsgang). */
export async function setzeZdaInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  id: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  const { akte } = await requireVorgang(ctx, actor, id, "zdaVerfuegen", tx);
  await repo.setStatus(tx, id, "zda", actor.benutzer.id, ctx.clock.now());
  await protokolliereSchriftgutInTx(
    ctx,
    tx,
    actor,
    "vorgang.zda",
    { art: "vorgang", id },
    akte.daten.id,
    details,
  );
}

/** Lifts zdA with a reason: the Vorgang is in Bearbeitung again. */
export async function hebeZdaAuf(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  begruendung: string,
): Promise<Vorgang> {
  const grund = pflichtfeld(
    begruendung.normalize("NFC").trim(),
    "/begruendung",
    "Bitte begründen, warum der Vorgang wieder aufgenommen wird.",
  );
  await ctx.db.transaction(async (tx) => {
    const { akte } = await requireVorgang(ctx, actor, id, "zdaAufheben", tx);
    await repo.setStatus(tx, id, "in_bearbeitung", null, ctx.clock.now());
    await protokolliereSchriftgutInTx(
      ctx,
      tx,
      actor,
      "vorgang.zda_aufgehoben",
      { art: "vorgang", id },
      akte.daten.id,
      { begruendung: grund },
    );
  });
  return getVorgang(ctx, actor, id);
}
