import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import type { EmpfangeneDatei } from "../../platform/dateieingang/index.js";
import { AppError } from "../../platform/errors.js";
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
): Promise<Dokument> {
  await ctx.db.transaction((tx) => legeVersionAnInTx(ctx, tx, actor, id, datei, kommentar));
  return getDokument(ctx, actor, id);
}

/** A new version inside the caller's transaction; a gezeichnetes Dokument is final and takes none. */
export async function legeVersionAnInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  id: string,
  datei: EmpfangeneDatei,
  kommentar = "",
): Promise<number> {
  const { akte } = await requireDokument(ctx, actor, id, "dokumentAnlegen", tx);
  pruefeNichtGezeichnet((await repo.lockDokument(tx, id))?.gezeichnetAm);
  const nr = await repo.insertVersion(tx, id, versionDaten(datei, kommentar, actor), ctx.clock.now());
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
    },
  );
  return nr;
}
