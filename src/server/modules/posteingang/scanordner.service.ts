import { createReadStream } from "node:fs";
import type { Stats } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { AppContext } from "../../platform/context.js";
import { AppError } from "../../platform/errors.js";
import { alleinAufEinemKnoten } from "../../platform/lock.js";
import {
  bereinigeDateiname,
  erkenneInhaltstyp,
  SNIFF_BYTES,
  type EmpfangeneDatei,
} from "../../platform/dateieingang/index.js";
import { nimmAuf } from "./eingang.service.js";

export const JOB_SCANORDNER = "scanordner";

/** Optional sidecar of a scan (`brief.pdf.json` or `brief.json`): what the scan station knows. */
interface Beipack {
  oe?: string;
  gescanntVon?: string;
  gescanntAm?: string;
  geraet?: string;
  aufloesungDpi?: number;
  qualitaetGeprueftVon?: string;
  absender?: string;
  betreff?: string;
}

/**
 * Looks into every configured scan folder once: each finished file (untouched for two seconds)
 * goes into the OE's Posteingang with its Scanprotokoll and moves to `verarbeitet/`; a file that
 * cannot be taken moves to `fehler/` with the reason beside it. Nothing is lost or taken twice:
 * while one node (app process or worker) looks, every other skips its look. Returns how many
 * files this call took (0 also when another node was looking).
 */
export async function pruefeScanOrdner(ctx: AppContext, jetzt = Date.now()): Promise<number> {
  // One node at a time: two looking into the same folder would both take a file before either moved it.
  const lauf = await alleinAufEinemKnoten(ctx.db, JOB_SCANORDNER, () => durchsucheScanOrdner(ctx, jetzt));
  return lauf.gelaufen ? lauf.ergebnis : 0;
}

async function durchsucheScanOrdner(ctx: AppContext, jetzt: number): Promise<number> {
  let aufgenommen = 0;
  for (const { oe, ordner } of ctx.config.scanOrdner) {
    let namen: string[];
    try {
      namen = await fs.readdir(ordner);
    } catch {
      ctx.log.warn({ ordner }, "Scanordner nicht lesbar");
      continue;
    }
    for (const name of namen.sort()) {
      const voll = path.join(ordner, name);
      const stat = await fs.stat(voll).catch(() => undefined);
      if (!stat?.isFile() || name.endsWith(".json") || name.startsWith(".") || jetzt - stat.mtimeMs < 2000)
        continue;
      if (await nimmScanAuf(ctx, { oe, ordner, name, stat, jetzt })) aufgenommen++;
    }
  }
  return aufgenommen;
}

/** The sidecar beside a scan, and where it lies; none when there is none (or it is unreadable). */
async function leseBeipack(ordner: string, name: string): Promise<{ beipack: Beipack; pfad?: string }> {
  const voll = path.join(ordner, name);
  for (const b of [`${voll}.json`, path.join(ordner, `${path.parse(name).name}.json`)]) {
    try {
      return { beipack: JSON.parse(await fs.readFile(b, "utf8")) as Beipack, pfad: b };
    } catch {
      // no sidecar, or not this name
    }
  }
  return { beipack: {} };
}

/** One finished file of a scan folder: taken (true) and moved to `verarbeitet/`, or moved to `fehler/`. */
async function nimmScanAuf(
  ctx: AppContext,
  scan: { oe: string; ordner: string; name: string; stat: Stats; jetzt: number },
): Promise<boolean> {
  const { oe, ordner, name, stat, jetzt } = scan;
  const voll = path.join(ordner, name);
  const { beipack, pfad: beipackPfad } = await leseBeipack(ordner, name);
  const ziel = async (unterordner: string, grund?: string) => {
    await fs.mkdir(path.join(ordner, unterordner), { recursive: true });
    const stempel = new Date(jetzt).toISOString().replace(/[:.]/g, "-");
    await fs.rename(voll, path.join(ordner, unterordner, `${stempel}-${name}`));
    if (beipackPfad)
      await fs
        .rename(beipackPfad, path.join(ordner, unterordner, `${stempel}-${path.basename(beipackPfad)}`))
        .catch(() => undefined);
    if (grund)
      await fs.writeFile(path.join(ordner, unterordner, `${stempel}-${name}.fehler.txt`), `${grund}\n`);
  };
  try {
    const head = Buffer.alloc(Math.min(SNIFF_BYTES, stat.size));
    const handle = await fs.open(voll, "r");
    await handle.read(head, 0, head.length, 0);
    await handle.close();
    const stored = await ctx.blobs.put(createReadStream(voll), { maxBytes: ctx.config.maxUploadBytes });
    const datei: EmpfangeneDatei = {
      stored,
      dateiname: bereinigeDateiname(name),
      originaldateiname: name,
      mimeTyp: await erkenneInhaltstyp(head),
    };
    await nimmAuf(ctx, "system", {
      oe: beipack.oe ?? oe,
      kanal: "scan",
      datei,
      angaben: {
        ...(beipack.absender ? { absender: beipack.absender } : {}),
        ...(beipack.betreff ? { betreff: beipack.betreff } : {}),
      },
      scanprotokoll: {
        gescanntVon: beipack.gescanntVon ?? null,
        gescanntAm: beipack.gescanntAm ?? new Date(stat.mtimeMs).toISOString(),
        geraet: beipack.geraet ?? null,
        aufloesungDpi: beipack.aufloesungDpi ?? null,
        qualitaetGeprueftVon: beipack.qualitaetGeprueftVon ?? null,
        sha256: stored.sha256,
        dateiname: name,
        scanordner: ordner,
      },
    });
    await ziel("verarbeitet");
    return true;
  } catch (error) {
    const grund = error instanceof AppError ? (error.detail ?? error.title) : (error as Error).message;
    ctx.log.warn({ datei: voll, err: error }, "Scan konnte nicht aufgenommen werden");
    await ziel("fehler", grund).catch(() => undefined);
    return false;
  }
}
