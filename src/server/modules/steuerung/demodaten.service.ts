import type { AppContext } from "../../platform/context.js";
import type { Queryable } from "../../platform/database/database.js";
import { letzteDetailsZumObjekt, schreibeProtokollInTx } from "../protokoll/index.js";

/** Where the marker lives in the Protokoll (one object, so reading it is an index lookup). */
const OBJEKT = { art: "kennzahlen", id: "demodaten" } as const;
const AKTION = "kennzahlen.demodaten";

/** The days (YYYY-MM-DD) whose figures come from the demo county's generated history. */
export interface Demodaten {
  von: string;
  bis: string;
}

/**
 * Records that the Kennzahlen of [von, bis] rest on generated demo history, so every dashboard
 * says so. Called by the demo seed only; written to the Protokoll.
 */
export async function vermerkeDemodaten(ctx: AppContext, zeitraum: Demodaten): Promise<void> {
  await ctx.db.transaction((tx) =>
    schreibeProtokollInTx(tx, ctx.clock, {
      akteur: "system",
      aktion: AKTION,
      objektArt: OBJEKT.art,
      objektId: OBJEKT.id,
      details: { von: zeitraum.von, bis: zeitraum.bis },
    }),
  );
}

/** The demo period recorded by `vermerkeDemodaten`, or null on a real installation. */
export async function demodaten(q: Queryable): Promise<Demodaten | null> {
  const d = await letzteDetailsZumObjekt(q, OBJEKT, AKTION);
  return typeof d?.von === "string" && typeof d.bis === "string" ? { von: d.von, bis: d.bis } : null;
}
