import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import type { EmpfangeneDatei } from "../../platform/dateieingang/index.js";
import type { Akteur } from "../access/index.js";
import { planeTexterkennungInTx } from "../content/index.js";
import { ohneEndung, pruefeMetadaten, versionDaten } from "./dokument-eingabe.js";
import { getDokument, zeigeDokument } from "./dokument-lesen.service.js";
import * as repo from "./dokumente.repository.js";
import type { Dokument, DokumentMetadaten } from "./dokumente.types.js";
import { protokolliereSchriftgutInTx } from "./protokollierung.js";
import { requireVorgang } from "./zugriffstor.js";

/**
 * What `legeDokumentAnInTx` will refuse about the metadata, checked before the upload stores its
 * file; the caller has passed the gate (`requireVorgang(…, "dokumentAnlegen")`) just before.
 */
export function pruefeDokumentAnlage(metadaten: Partial<DokumentMetadaten>, dateiname: string): void {
  pruefeMetadaten(metadaten, undefined, ohneEndung(dateiname));
}

/** A new Dokument with its first version. The content is already in the blob store; the rows follow. */
export async function createDokument(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
  metadaten: Partial<DokumentMetadaten>,
  datei: EmpfangeneDatei,
  kommentar = "",
  scanprotokoll: Record<string, unknown> | null = null,
): Promise<Dokument> {
  const { id, tor } = await ctx.db.transaction((tx) =>
    legeDokumentMitTorAnInTx(ctx, tx, actor, vorgangId, metadaten, datei, kommentar, scanprotokoll),
  );
  // The gate was passed inside the transaction; reading needs `inhaltLesen` on top (else the
  // full gate gives the answer it always gives).
  return tor.rechte.inhaltLesen
    ? zeigeDokument(ctx, actor, id, { vorgangId, ...tor })
    : getDokument(ctx, actor, id);
}

/** The first version of a new Dokument, queued for text recognition in the same transaction. */
async function legeErsteVersionAnInTx(
  ctx: AppContext,
  tx: Tx,
  dokumentId: string,
  datei: EmpfangeneDatei,
  kommentar: string,
  actor: Akteur | null,
): Promise<void> {
  await repo.insertVersion(tx, dokumentId, versionDaten(datei, kommentar, actor), ctx.clock.now());
  await planeTexterkennungInTx(ctx, tx, {
    dokumentId,
    nr: 1,
    sha256: datei.stored.sha256,
    mimeTyp: datei.mimeTyp,
  });
}

/** Creates a Dokument with its first version inside the caller's transaction. */
export async function legeDokumentAnInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  vorgangId: string,
  metadaten: Partial<DokumentMetadaten>,
  datei: EmpfangeneDatei,
  kommentar = "",
  scanprotokoll: Record<string, unknown> | null = null,
): Promise<string> {
  return (
    await legeDokumentMitTorAnInTx(ctx, tx, actor, vorgangId, metadaten, datei, kommentar, scanprotokoll)
  ).id;
}

/** `legeDokumentAnInTx`, also giving what the gate found (the Akte and the caller's rights). */
async function legeDokumentMitTorAnInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  vorgangId: string,
  metadaten: Partial<DokumentMetadaten>,
  datei: EmpfangeneDatei,
  kommentar: string,
  scanprotokoll: Record<string, unknown> | null,
): Promise<{ id: string; tor: Awaited<ReturnType<typeof requireVorgang>> }> {
  const daten = pruefeMetadaten(metadaten, undefined, ohneEndung(datei.dateiname));
  const tor = await requireVorgang(ctx, actor, vorgangId, "dokumentAnlegen", tx);
  const { akte } = tor;
  const newId = await repo.insertDokument(tx, vorgangId, daten, actor.benutzer.id, ctx.clock.now());
  if (scanprotokoll) await repo.setScanprotokoll(tx, newId, scanprotokoll);
  await legeErsteVersionAnInTx(ctx, tx, newId, datei, kommentar, actor);
  await protokolliereSchriftgutInTx(
    ctx,
    tx,
    actor,
    "dokument.angelegt",
    { art: "dokument", id: newId },
    akte.daten.id,
    {
      vorgangId,
      typ: daten.typ,
      titel: daten.titel,
      sha256: datei.stored.sha256,
      dateiname: datei.dateiname,
      groesse: datei.stored.groesse,
    },
  );
  return { id: newId, tor };
}

/**
 * A Dokument the system files (the Verfügung at the end of a Geschäftsgang): no permission check,
 * and it may go into a Vorgang about to be closed. Recorded in the Protokoll as the system's.
 */
export async function legeSystemdokumentAnInTx(
  ctx: AppContext,
  tx: Tx,
  vorgangId: string,
  metadaten: Partial<DokumentMetadaten>,
  datei: EmpfangeneDatei,
  kommentar: string,
  akteId: string,
): Promise<string> {
  const daten = pruefeMetadaten(metadaten, undefined, ohneEndung(datei.dateiname));
  const newId = await repo.insertDokument(tx, vorgangId, daten, null, ctx.clock.now());
  await legeErsteVersionAnInTx(ctx, tx, newId, datei, kommentar, null);
  await protokolliereSchriftgutInTx(
    ctx,
    tx,
    "system",
    "dokument.angelegt",
    { art: "dokument", id: newId },
    akteId,
    {
      vorgangId,
      typ: daten.typ,
      titel: daten.titel,
      sha256: datei.stored.sha256,
    },
  );
  return newId;
}
