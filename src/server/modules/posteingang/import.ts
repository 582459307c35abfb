import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { resolveOe, type Akteur } from "../access/index.js";
import { bereinigeDateiname, erkenneInhaltstyp, SNIFF_BYTES } from "../../platform/dateieingang/index.js";
import { createDokument, dokumentMitDatei } from "../schriftgut/index.js";
import { nimmAuf } from "./eingang.service.js";
import { eintragMitDatei } from "./posteingang.repository.js";

export type ImportZiel =
  { art: "vorgang"; vorgangId: string; actor: Akteur } | { art: "posteingang"; oe: string };

export interface ImportBericht {
  aufgenommen: number;
  /** Files the target already held from an earlier run (same content, same name): not taken twice. */
  uebersprungen: number;
  probleme: { datei: string; grund: string }[];
}

/** Every file below the given paths (folders recursively), in a stable order; hidden files skipped. */
export async function sammleDateien(pfade: string[]): Promise<string[]> {
  const out: string[] = [];
  const besuche = async (p: string) => {
    const stat = await fs.stat(p);
    if (stat.isDirectory()) {
      for (const name of (await fs.readdir(p)).sort())
        if (!name.startsWith(".")) await besuche(path.join(p, name));
    } else if (stat.isFile()) out.push(p);
  };
  for (const p of pfade) await besuche(path.resolve(p));
  return out;
}

/**
 * Bulk intake (`aktenwerk import`): each file streams into the blob store and becomes a Dokument of
 * the Vorgang or an item of the Posteingang. A file that cannot be taken is reported, the rest go on.
 * Idempotent: a file the target already holds (same content, same original name) is skipped, so an
 * import that was interrupted (kill -9, power loss) is simply run again and goes on where it stopped.
 * The blob is stored before the row that refers to it; a crash in between leaves only an orphan
 * for `fsck --repair`.
 */
export async function importiere(
  ctx: AppContext,
  dateien: string[],
  ziel: ImportZiel,
  fortschritt: (erledigt: number, gesamt: number, datei: string) => void = () => undefined,
): Promise<ImportBericht> {
  const bericht: ImportBericht = { aufgenommen: 0, uebersprungen: 0, probleme: [] };
  const oeId = ziel.art === "posteingang" ? (await resolveOe(ctx.db, ziel.oe, "oe")).id : undefined;
  for (const [i, datei] of dateien.entries()) {
    fortschritt(i, dateien.length, path.basename(datei));
    try {
      const handle = await fs.open(datei, "r");
      const head = Buffer.alloc(SNIFF_BYTES);
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      await handle.close();
      if (bytesRead === 0) throw new AppError("ungueltige_eingabe", "Die Datei ist leer (0 Byte).");
      const stored = await ctx.blobs.put(createReadStream(datei), { maxBytes: ctx.config.maxUploadBytes });
      const name = path.basename(datei);
      const vorhanden =
        ziel.art === "vorgang"
          ? await dokumentMitDatei(ctx.db, ziel.vorgangId, stored.sha256, name)
          : await eintragMitDatei(ctx.db, oeId!, stored.sha256, name);
      if (vorhanden) {
        bericht.uebersprungen++;
        continue;
      }
      const empfangen = {
        stored,
        dateiname: bereinigeDateiname(name),
        originaldateiname: name,
        mimeTyp: await erkenneInhaltstyp(head.subarray(0, bytesRead)),
      };
      if (ziel.art === "vorgang")
        await createDokument(
          ctx,
          ziel.actor,
          ziel.vorgangId,
          { typ: "Eingang" },
          empfangen,
          "Aus dem Massenimport",
        );
      else await nimmAuf(ctx, "system", { oe: ziel.oe, kanal: "upload", datei: empfangen });
      bericht.aufgenommen++;
    } catch (error) {
      bericht.probleme.push({
        datei,
        grund: error instanceof AppError ? (error.detail ?? error.title) : (error as Error).message,
      });
    }
  }
  fortschritt(dateien.length, dateien.length, "");
  return bericht;
}
