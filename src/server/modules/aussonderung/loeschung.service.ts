import { entferneBlobsOhneBezug } from "../../platform/blobstore/index.js";
import { heute } from "../../platform/clock.js";
import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import type { Akteur } from "../access/index.js";
import { inhaltNutztBlobSql } from "../content/index.js";
import { eintragNutztBlobSql } from "../posteingang/index.js";
import { akteurName } from "../protokoll/index.js";
import { lockAkteInTx, loescheInhaltDerAkteInTx, versionNutztBlobSql } from "../schriftgut/index.js";
import * as repo from "./aussonderung.repository.js";
import { XDOMEA_SYSTEM } from "./aussonderung.types.js";

/**
 * Deletes the content of an Akte after Aussonderung (the archive confirmed the transfer, or
 * decided V): Schriftgut deletes Vorgänge, Dokumente and versions, and whatever refers to them goes
 * with them; the Akte stays as "ausgesondert" with its Löschprotokoll. Never under a Löschsperre.
 * Returns the blobs nobody refers to any more (to remove after commit), or null when a
 * Löschsperre kept the Akte.
 */
export async function loescheNachAussonderungInTx(
  ctx: AppContext,
  tx: Tx,
  akteId: string,
  grund: {
    entscheidung: "A" | "V";
    archiv: string;
    prozessId: string;
    wer: Akteur | "system";
  },
): Promise<string[] | null> {
  const tag = heute(ctx.clock);
  const status = await lockAkteInTx(tx, akteId);
  // Already done (a repeated confirmation): nothing more to delete, no second entry.
  if (!status || status === "ausgesondert") return [];
  if ((await repo.gesperrteAkten(tx, [akteId], tag)).has(akteId)) return null;
  const [aufb] = await repo.aufbewahrungDerAkten(tx, tag, [akteId]);
  if (!aufb) return null;
  const geloescht = await loescheInhaltDerAkteInTx(ctx, tx, akteId, { ...grund, systemName: XDOMEA_SYSTEM });
  await repo.schreibeLoeschprotokoll(
    tx,
    {
      akteId,
      aktenzeichen: aufb.aktenzeichen,
      betreff: aufb.betreff,
      laufzeitBeginn: aufb.laufzeitBeginn,
      laufzeitEnde: aufb.letzteZda,
      entscheidung: grund.entscheidung,
      archiv: grund.archiv,
      prozessId: grund.prozessId,
      vorgaenge: geloescht.vorgaenge,
      dokumente: geloescht.dokumente,
      versionen: geloescht.versionen,
      geloeschtVonId: grund.wer === "system" ? null : grund.wer.benutzer.id,
      geloeschtVon: akteurName(grund.wer, XDOMEA_SYSTEM),
    },
    ctx.clock.now(),
  );
  // Blobs another object still uses stay; the rest leave the registry now and the store after commit.
  return entferneBlobsOhneBezug(tx, geloescht.blobs, [
    versionNutztBlobSql,
    inhaltNutztBlobSql,
    eintragNutztBlobSql,
  ]);
}
