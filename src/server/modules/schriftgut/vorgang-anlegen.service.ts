import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { AppError } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { aktenplaneinheitUndStatus } from "./akten.repository.js";
import { protokolliereSchriftgutInTx } from "./protokollierung.js";
import * as repo from "./vorgaenge.repository.js";
import type { Vorgang } from "./vorgaenge.types.js";
import { metadatenFuer, pflichtfeld, pruefeFrist } from "./vorgang-eingabe.js";
import { getVorgang } from "./vorgang-lesen.service.js";
import { requireAkte } from "./zugriffstor.js";

export interface NeuerVorgang {
  betreff: string;
  frist?: string | null;
  metadaten?: Record<string, unknown>;
}

/** A new Vorgang in an open Akte, numbered after the Akte's last one. */
export async function createVorgang(
  ctx: AppContext,
  actor: Akteur,
  akteId: string,
  input: NeuerVorgang,
): Promise<Vorgang> {
  const id = await ctx.db.transaction((tx) => legeVorgangAnInTx(ctx, tx, actor, akteId, input));
  return getVorgang(ctx, actor, id);
}

/** Creates a Vorgang inside the caller's transaction (e.g. a Registrierung into a new Vorgang). */
export async function legeVorgangAnInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  akteId: string,
  input: NeuerVorgang,
): Promise<string> {
  const betreff = pflichtfeld(input.betreff.normalize("NFC").trim(), "/betreff", "Der Betreff fehlt.");
  const frist = pruefeFrist(input.frist);
  const { daten } = await requireAkte(ctx, actor, akteId, "bearbeiten", tx);
  const akte = await aktenplaneinheitUndStatus(tx, daten.id);
  if (akte?.status === "geschlossen")
    throw new AppError("konflikt", "Die Akte ist geschlossen und nimmt keine neuen Vorgänge auf.");
  const metadaten = await metadatenFuer(tx, akte!.aktenplaneinheitId, input.metadaten ?? {});
  const nr = await repo.naechsteNr(tx, daten.id);
  const newId = await repo.insertVorgang(
    tx,
    { akteId: daten.id, nr, betreff, frist, metadaten, erstelltVon: actor.benutzer.id },
    ctx.clock.now(),
  );
  await protokolliereSchriftgutInTx(
    ctx,
    tx,
    actor,
    "vorgang.angelegt",
    { art: "vorgang", id: newId },
    daten.id,
    { nr, betreff, frist },
  );
  return newId;
}
