import type { AppContext } from "../../platform/context.js";
import { heute, plusTage } from "../../platform/clock.js";
import type { Tageswert } from "../../platform/kennzahlen.js";
import { kennzahlenAccess } from "../access/index.js";
import { kennzahlenAussonderung } from "../aussonderung/index.js";
import { kennzahlenPosteingang } from "../posteingang/index.js";
import { kennzahlenSchriftgut } from "../schriftgut/index.js";
import { kennzahlenWorkflow } from "../workflow/index.js";
import { KATALOG_JE_SCHLUESSEL } from "./katalog.js";
import { gleicheKatalogAb } from "./katalog.service.js";
import * as repo from "./steuerung.repository.js";

export const JOB_KENNZAHLEN = "kennzahlen";
/** How far back the first run reaches: the two years the dashboards show. */
const ERSTE_BERECHNUNG_TAGE = 731;
/** Days a block of recomputation covers in one transaction. */
const BLOCK_TAGE = 31;

/**
 * Computes the Kennzahlen of the days [von, bis] anew from the records, the Geschäftsgang and the
 * Protokoll. Each block of days is replaced as a whole in one transaction, so running it twice
 * gives the same rows, and a run that stops half-way leaves whole days behind.
 */
export async function berechneTage(
  ctx: AppContext,
  von: string,
  bis: string,
  fortschritt?: (erledigt: number, gesamt: number) => void,
): Promise<{ tage: number; zeilen: number }> {
  await gleicheKatalogAb(ctx);
  const gesamt = tageZwischen(von, bis);
  let erledigt = 0;
  let zeilen = 0;
  const stichtag = heute(ctx.clock);
  for (let start = von; start <= bis; start = plusTage(start, BLOCK_TAGE)) {
    const ende = minTag(plusTage(start, BLOCK_TAGE - 1), bis);
    zeilen += await ctx.db.transaction(async (tx) => {
      const werte: Tageswert[] = [
        ...(await kennzahlenSchriftgut(tx, start, ende, stichtag)),
        ...(await kennzahlenPosteingang(tx, start, ende)),
        ...(await kennzahlenWorkflow(tx, start, ende, stichtag)),
        ...(await kennzahlenAccess(tx, start, ende)),
        ...(await kennzahlenAussonderung(tx, start, ende)),
      ].filter((w) => KATALOG_JE_SCHLUESSEL.has(w.kennzahl));
      await repo.ersetzeTage(tx, start, ende, werte, ctx.clock.now());
      return werte.length;
    });
    erledigt += tageZwischen(start, ende);
    fortschritt?.(erledigt, gesamt);
  }
  return { tage: gesamt, zeilen };
}

/**
 * The nightly run: from the last computed day (recomputed, with the one before it, for what
 * arrived late) to yesterday; the first run reaches two years back.
 */
export async function naechtlicheBerechnung(ctx: AppContext): Promise<{ tage: number; zeilen: number }> {
  const gestern = plusTage(heute(ctx.clock), -1);
  const letzter = await repo.letzterBerechneterTag(ctx.db);
  const von = letzter
    ? minTag(plusTage(letzter, -1), gestern)
    : plusTage(gestern, -ERSTE_BERECHNUNG_TAGE + 1);
  return berechneTage(ctx, von, gestern);
}

function tageZwischen(von: string, bis: string): number {
  return Math.round((Date.parse(`${bis}T00:00:00Z`) - Date.parse(`${von}T00:00:00Z`)) / 86_400_000) + 1;
}

const minTag = (a: string, b: string): string => (a < b ? a : b);
