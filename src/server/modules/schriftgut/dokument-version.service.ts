import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import type { EmpfangeneDatei } from "../../platform/dateieingang/index.js";
import { AppError, ungueltigeEingabe } from "../../platform/errors.js";
import type { Akteur } from "../access/index.js";
import { planeTexterkennungInTx } from "../content/index.js";
import { versionDaten } from "./dokument-eingabe.js";
import { getDokument } from "./dokument-lesen.service.js";
import * as repo from "./dokumente.repository.js";
import type { Dokument } from "./dokumente.types.js";
import { protokolliereSchriftgutInTx } from "./protokollierung.js";
import { requireDokument } from "./zugriffstor.js";

/** A gezeichnetes Dokument is final: it takes no further version. */
function pruefeNichtGezeichnet(gezeichnetAm: Date | null | undefined): void {
  if (gezeichnetAm)
    throw new AppError(
      "konflikt",
      "Das Dokument ist gezeichnet und damit endgültig; eine neue Version ist nicht mehr möglich.",
    );
}

/**
 * The reason for a new version, as the upload form sends it: required, one line of at most 500
 * characters ("unterschriebene Fassung", "Lageplan ergänzt"). Refused before the file is stored.
 */
export function pruefeVersionsgrund(grund: string | undefined): string {
  const text = (grund ?? "").normalize("NFC").replace(/\s+/g, " ").trim();
  if (!text)
    throw ungueltigeEingabe([
      { feld: "/grund", meldung: "Bitte geben Sie an, warum Sie eine neue Version hochladen." },
    ]);
  if (text.length > 500)
    throw ungueltigeEingabe([{ feld: "/grund", meldung: "Der Grund darf höchstens 500 Zeichen lang sein." }]);
  return text;
}

/** What `legeVersionAnInTx` will refuse, checked before the upload stores its file. */
export async function pruefeVersionAnlage(ctx: AppContext, actor: Akteur, id: string): Promise<void> {
  await requireDokument(ctx, actor, id, "dokumentAnlegen");
  pruefeNichtGezeichnet(await repo.gezeichnetAm(ctx.db, id));
}

/** A new version; a Dokument in a zdA Vorgang takes none until zdA is lifted. */
export async function addVersion(
  ctx: AppContext,
  actor: Akteur,
  id: string,
  datei: EmpfangeneDatei,
  kommentar = "",
  grund: string | null = null,
): Promise<Dokument> {
  await ctx.db.transaction((tx) => legeVersionAnInTx(ctx, tx, actor, id, datei, kommentar, grund));
  return getDokument(ctx, actor, id);
}

/**
 * A new version inside the caller's transaction; a gezeichnetes Dokument is final and takes none.
 * `grund` (why the version was made) is kept with it and in the Protokoll.
 */
export async function legeVersionAnInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  id: string,
  datei: EmpfangeneDatei,
  kommentar = "",
  grund: string | null = null,
): Promise<number> {
  const { akte } = await requireDokument(ctx, actor, id, "dokumentAnlegen", tx);
  pruefeNichtGezeichnet((await repo.lockDokument(tx, id))?.gezeichnetAm);
  const nr = await repo.insertVersion(tx, id, versionDaten(datei, kommentar, actor), ctx.clock.now(), grund);
  await planeTexterkennungInTx(ctx, tx, {
    dokumentId: id,
    nr,
    sha256: datei.stored.sha256,
    mimeTyp: datei.mimeTyp,
  });
  await protokolliereSchriftgutInTx(
    ctx,
    tx,
    actor,
    "dokument.version_angelegt",
    { art: "dokument", id },
    akte.daten.id,
    {
      nr,
      sha256: datei.stored.sha256,
      dateiname: datei.dateiname,
      groesse: datei.stored.groesse,
      ...(grund ? { grund } : {}),
    },
  );
  return nr;
}
