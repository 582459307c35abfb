import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import type { EmpfangeneDatei } from "../../platform/dateieingang/index.js";
import type { Akteur } from "../access/index.js";
import { planeTexterkennungInTx } from "../content/index.js";
import { ohneEndung, pruefeMetadaten, versionDaten } from "./dokument-eingabe.js";
import { getDokument } from "./dokument-lesen.service.js";
import * as repo from "./dokumente.repository.js";
import type { Dokument, DokumentMetadaten } from "./dokumente.types.js";
import { protokolliereSchriftgutInTx } from "./protokollierung.js";
import { requireVorgang } from "./zugriffstor.js";

/**
 * What `legeDokumentAnInTx` will refuse, checked before the upload stores its file: the caller may add
 * Dokumente to the Vorgang (visible, not zdA) and the metadata are valid.
 */
export async function pruefeDokumentAnlage(
  ctx: AppContext,
  actor: Akteur,
  vorgangId: string,
  metadaten: Partial<DokumentMetadaten>,
  dateiname: string,
): Promise<void> {
  await requireVorgang(ctx, actor, vorgangId, "dokumentAnlegen");
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
  const id = await ctx.db.transaction((tx) =>
    legeDokumentAnInTx(ctx, tx, actor, vorgangId, metadaten, datei, kommentar, scanprotokoll),
  );
  return getDokument(ctx, actor, id);
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
  const daten = pruefeMetadaten(metadaten, undefined, ohneEndung(datei.dateiname));
  const { akte } = await requireVorgang(ctx, actor, vorgangId, "dokumentAnlegen", tx);
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
  return newId;
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
