import { registriereBlob } from "../../platform/blobstore/index.js";
import type { AppContext } from "../../platform/context.js";
import type { EmpfangeneDatei } from "../../platform/dateieingang/index.js";
import { resolveOe } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import * as repo from "./demo-historie.repository.js";
import type { Kanal } from "./posteingang.types.js";

export interface DemoEingang {
  /** Kürzel of the OE whose Posteingang received it. */
  oe: string;
  kanal: Kanal;
  betreff: string;
  erstelltAm: Date;
  /** When it was registered (zu den Akten genommen). */
  registriertAm: Date;
  /** Id of the Benutzer who registered it. */
  registriertVon: string;
  /** For scans: who checked the scan's quality (TR-RESISCAN), or null when nobody did. */
  qualitaetGeprueftVon?: string | null;
}

/**
 * The demo county's history: back-dated Eingänge, all already registered, in bulk. They share one
 * demo file and carry "Demodaten" in their details; one Protokoll entry records the import. Only
 * for seeding an empty demo installation.
 */
export async function legeDemoEingaengeAn(
  ctx: AppContext,
  datei: EmpfangeneDatei,
  eingaenge: DemoEingang[],
): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await registriereBlob(tx, datei.stored.sha256, datei.stored.groesse, ctx.clock.now());
    const oes = new Map<string, string>();
    for (const e of eingaenge) if (!oes.has(e.oe)) oes.set(e.oe, (await resolveOe(tx, e.oe, "oe")).id);
    await repo.insertDemoEingaenge(
      tx,
      eingaenge.map((e) => ({
        oeId: oes.get(e.oe)!,
        kanal: e.kanal,
        sha256: datei.stored.sha256,
        dateiname: datei.dateiname,
        mimeTyp: datei.mimeTyp,
        groesse: datei.stored.groesse,
        angaben: { betreff: e.betreff, demodaten: true },
        scanprotokoll:
          e.kanal === "scan"
            ? {
                gescanntAm: e.erstelltAm.toISOString(),
                geraet: "Demo-Scanstraße",
                aufloesungDpi: 300,
                qualitaetGeprueftVon: e.qualitaetGeprueftVon ?? null,
                sha256: datei.stored.sha256,
              }
            : null,
        erstelltAm: e.erstelltAm.toISOString(),
        erledigtAm: e.registriertAm.toISOString(),
        erledigtVon: e.registriertVon,
      })),
    );
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: "system",
      aktion: "demo.historie_angelegt",
      objektArt: "system",
      objektId: "demo",
      details: { modul: "posteingang", anzahl: { eingaenge: eingaenge.length } },
    });
  });
}
