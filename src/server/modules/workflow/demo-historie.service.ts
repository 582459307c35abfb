import { randomUUID } from "node:crypto";
import type { AppContext } from "../../platform/context.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import * as repo from "./demo-historie.repository.js";

export type DemoSchrittArt = "Bearbeitung" | "Mitzeichnung" | "Zeichnung" | "Abgang" | "zdA";

export interface DemoSchritt {
  art: DemoSchrittArt;
  /** To a person, or to an OE's Postkorb (then `bearbeiterId` took it). */
  adressat: { benutzerId: string } | { oeId: string; bearbeiterId: string };
  verfuegungstext?: string;
  offenSeit: Date;
  erledigtAm: Date;
  kanal?: "Post" | "E-Mail" | "Portal";
}

export interface DemoGeschaeftsgang {
  vorgangId: string;
  erstellerId: string;
  /** In route order, one Stufe each; all done. */
  schritte: DemoSchritt[];
}

export interface DemoWiedervorlage {
  vorgangId: string;
  empfaengerId: string;
  /** YYYY-MM-DD */
  datum: string;
  erstelltAm: Date;
  erledigtAm: Date;
}

const ERGEBNIS: Record<DemoSchrittArt, string> = {
  Bearbeitung: "erledigt",
  Mitzeichnung: "zugestimmt",
  Zeichnung: "gezeichnet",
  Abgang: "abgesandt",
  zdA: "zda",
};

const berlinTag = (d: Date): string => d.toLocaleDateString("sv-SE", { timeZone: "Europe/Berlin" });

/**
 * The demo county's history: back-dated, finished Geschäftsgänge and done Wiedervorlagen in bulk,
 * so nothing of it lands in a Postkorb today. One Protokoll entry records the import. Only for
 * seeding an empty demo installation.
 */
export async function legeDemoGeschaeftsgaengeAn(
  ctx: AppContext,
  gaenge: DemoGeschaeftsgang[],
  wiedervorlagen: DemoWiedervorlage[],
): Promise<void> {
  const gangZeilen: repo.DemoGangZeile[] = [];
  const schrittZeilen: repo.DemoSchrittZeile[] = [];
  for (const g of gaenge) {
    if (g.schritte.length === 0) continue;
    const id = randomUUID();
    gangZeilen.push({
      id,
      vorgangId: g.vorgangId,
      zeichnungVorAbgang: g.schritte.some((s) => s.art === "Zeichnung"),
      erstellerId: g.erstellerId,
      erstelltAm: g.schritte[0]!.offenSeit.toISOString(),
      abgeschlossenAm: g.schritte.at(-1)!.erledigtAm.toISOString(),
    });
    g.schritte.forEach((s, i) => {
      schrittZeilen.push({
        geschaeftsgangId: id,
        vorgangId: g.vorgangId,
        stufe: i + 1,
        art: s.art,
        adressatBenutzerId: "benutzerId" in s.adressat ? s.adressat.benutzerId : null,
        adressatOeId: "oeId" in s.adressat ? s.adressat.oeId : null,
        verfuegungstext: s.verfuegungstext ?? "",
        bearbeiterId: "oeId" in s.adressat ? s.adressat.bearbeiterId : null,
        ergebnis: ERGEBNIS[s.art],
        kanal: s.art === "Abgang" ? (s.kanal ?? "Post") : null,
        abgangAm: s.art === "Abgang" ? berlinTag(s.erledigtAm) : null,
        erledigtVon: "oeId" in s.adressat ? s.adressat.bearbeiterId : s.adressat.benutzerId,
        offenSeit: s.offenSeit.toISOString(),
        erledigtAm: s.erledigtAm.toISOString(),
      });
    });
  }
  await ctx.db.transaction(async (tx) => {
    await repo.insertDemoGeschaeftsgaenge(tx, gangZeilen, schrittZeilen);
    await repo.insertDemoWiedervorlagen(
      tx,
      wiedervorlagen.map((w) => ({
        vorgangId: w.vorgangId,
        empfaengerId: w.empfaengerId,
        datum: w.datum,
        notiz: "Demodaten",
        erstelltAm: w.erstelltAm.toISOString(),
        erledigtAm: w.erledigtAm.toISOString(),
      })),
    );
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: "system",
      aktion: "demo.historie_angelegt",
      objektArt: "system",
      objektId: "demo",
      details: {
        modul: "workflow",
        anzahl: {
          geschaeftsgaenge: gangZeilen.length,
          schritte: schrittZeilen.length,
          wiedervorlagen: wiedervorlagen.length,
        },
      },
    });
  });
}
