import { randomUUID } from "node:crypto";
import type { AppContext } from "../../platform/context.js";
import { resolveOe } from "../access/index.js";
import { einheitFuerNeueAkteInTx } from "../aktenplan/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { aktenzeichenBereich, formeAktenzeichen } from "./aktenzeichen.js";
import * as repo from "./demo-historie.repository.js";

/** What every Betreff of generated demo history starts with, so nobody takes it for real work. */
export const DEMO_PRAEFIX = "Demo: ";

export interface DemoVorgang {
  betreff: string;
  erstelltAm: Date;
  /** When it was zdA verfügt; null while it is open. */
  zdaAm: Date | null;
  /** YYYY-MM-DD or null. */
  frist: string | null;
}

export interface DemoAkte {
  /** Kennzeichen of a leaf Aktenplaneinheit. */
  aktenplaneinheit: string;
  /** Kürzel of the federführende OE. */
  federfuehrendeOe: string;
  betreff: string;
  papierablage: string | null;
  erstelltAm: Date;
  /** Id of the Benutzer who created it. */
  erstelltVon: string;
  vorgaenge: DemoVorgang[];
}

const mitPraefix = (betreff: string): string =>
  betreff.startsWith(DEMO_PRAEFIX) ? betreff : `${DEMO_PRAEFIX}${betreff}`;

/**
 * The demo county's history: back-dated Akten with their Vorgänge in bulk, with Aktenzeichen
 * from the same counters as `createAkte` and every Betreff marked "Demo: ". Only for seeding
 * an empty demo installation: one Protokoll entry records the import instead of one per Akte,
 * and the search index is not filled. Returns the Vorgang ids per Akte, in input order.
 */
export async function legeDemoAktenAn(ctx: AppContext, akten: DemoAkte[]): Promise<string[][]> {
  return ctx.db.transaction(async (tx) => {
    const einheiten = new Map<string, { id: string; kennzeichen: string }>();
    const oes = new Map<string, { id: string; kuerzel: string }>();
    for (const a of akten) {
      if (!einheiten.has(a.aktenplaneinheit))
        einheiten.set(a.aktenplaneinheit, await einheitFuerNeueAkteInTx(tx, a.aktenplaneinheit));
      if (!oes.has(a.federfuehrendeOe))
        oes.set(a.federfuehrendeOe, await resolveOe(tx, a.federfuehrendeOe, "federfuehrendeOe"));
    }
    const muster = ctx.config.aktenzeichenMuster;
    const teile = akten.map((a) => ({
      kennzeichen: einheiten.get(a.aktenplaneinheit)!.kennzeichen,
      jahr: a.erstelltAm.getUTCFullYear(),
      oe: oes.get(a.federfuehrendeOe)!.kuerzel,
    }));
    const jeBereich = new Map<string, number>();
    for (const t of teile) {
      const b = aktenzeichenBereich(muster, t);
      jeBereich.set(b, (jeBereich.get(b) ?? 0) + 1);
    }
    const naechste = new Map<string, number>();
    for (const [bereich, anzahl] of jeBereich)
      naechste.set(bereich, await repo.reserviereLfdnrn(tx, bereich, anzahl));

    const aktenZeilen: repo.DemoAkteZeile[] = [];
    const vorgangZeilen: repo.DemoVorgangZeile[] = [];
    const vorgangIds: string[][] = [];
    akten.forEach((a, i) => {
      const t = teile[i]!;
      const bereich = aktenzeichenBereich(muster, t);
      const lfdnr = naechste.get(bereich)!;
      naechste.set(bereich, lfdnr + 1);
      const id = randomUUID();
      aktenZeilen.push({
        id,
        aktenplaneinheitId: einheiten.get(a.aktenplaneinheit)!.id,
        aktenzeichen: formeAktenzeichen(muster, { ...t, lfdnr }),
        lfdnr,
        jahr: t.jahr,
        betreff: mitPraefix(a.betreff),
        oeId: oes.get(a.federfuehrendeOe)!.id,
        papierablage: a.papierablage,
        vorgaenge: a.vorgaenge.length,
        erstelltAm: a.erstelltAm.toISOString(),
        erstelltVon: a.erstelltVon,
      });
      vorgangIds.push(
        a.vorgaenge.map((v, nr) => {
          const vorgangId = randomUUID();
          vorgangZeilen.push({
            id: vorgangId,
            akteId: id,
            nr: nr + 1,
            betreff: mitPraefix(v.betreff),
            frist: v.frist,
            erstelltAm: v.erstelltAm.toISOString(),
            zdaAm: v.zdaAm?.toISOString() ?? null,
            erstelltVon: a.erstelltVon,
          });
          return vorgangId;
        }),
      );
    });
    await repo.insertDemoAkten(tx, aktenZeilen);
    await repo.insertDemoVorgaenge(tx, vorgangZeilen);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: "system",
      aktion: "demo.historie_angelegt",
      objektArt: "system",
      objektId: "demo",
      details: {
        modul: "schriftgut",
        anzahl: { akten: aktenZeilen.length, vorgaenge: vorgangZeilen.length },
      },
    });
    return vorgangIds;
  });
}
