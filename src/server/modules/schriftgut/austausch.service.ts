import type { AppContext } from "../../platform/context.js";
import type { Tx } from "../../platform/database/database.js";
import { istUuid } from "../../platform/pruefungen.js";
import type { Akteur } from "../access/index.js";
import { planeTexterkennungInTx } from "../content/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { insertAkte } from "./akten.repository.js";
import * as repo from "./austausch.repository.js";
import { insertDokument, insertVersion, type DokumentDaten } from "./dokumente.repository.js";
import { insertVorgang } from "./vorgaenge.repository.js";

/** Who acts in an exchange with another system, and how the system names itself in the Protokoll. */
export interface Austauschender {
  wer: Akteur | "system";
  systemName: string;
}

/** A version taken over: its file is in the blob store already. */
export interface UebernommeneVersion {
  sha256: string;
  groesse: number;
  mimeTyp: string;
  dateiname: string;
  originaldateiname: string;
  kommentar: string;
}

export interface UebernommenesDokument extends DokumentDaten {
  /** In the order they are to be numbered. */
  versionen: UebernommeneVersion[];
}

export interface UebernommenerVorgang {
  nr: number;
  betreff: string;
  frist: string | null;
  metadaten: Record<string, unknown>;
  erstelltAm: Date;
  /** When the other system closed it (zdA); null while it is open. */
  zdaAm: Date | null;
  dokumente: UebernommenesDokument[];
}

/** An Akte as another system hands it over (xdomea 0503/0401), already mapped to ours. */
export interface UebernommeneAkte {
  aktenzeichen: string;
  betreff: string;
  aktenplaneinheitId: string;
  federfuehrendeOeId: string;
  erstelltAm: Date;
  /** The exchange's process; kept on the Akte when it is a UUID. */
  prozessId: string;
  vorgaenge: UebernommenerVorgang[];
}

/**
 * Files an Akte taken over from another system with its Vorgänge, Dokumente and versions as they
 * were (Aktenzeichen, numbers, dates), plans text recognition for every version and records the
 * take-over. Nobody here created it: the rows name no creator when the system imports. The caller
 * has checked the Aktenzeichen is free and chosen unit and OE.
 */
export async function uebernehmeAkteInTx(
  ctx: AppContext,
  tx: Tx,
  akte: UebernommeneAkte,
  durch: Austauschender,
): Promise<{ akteId: string; vorgaenge: number; dokumente: number; versionen: number }> {
  const von = durch.wer === "system" ? null : durch.wer.benutzer.id;
  const akteId = await insertAkte(
    tx,
    {
      aktenplaneinheitId: akte.aktenplaneinheitId,
      aktenzeichen: akte.aktenzeichen,
      lfdnr: 0,
      jahr: akte.erstelltAm.getUTCFullYear(),
      betreff: akte.betreff,
      federfuehrendeOeId: akte.federfuehrendeOeId,
      zugriffsbeschraenkt: false,
      vertraulichkeit: "offen",
      papierablage: null,
      erstelltVon: von,
    },
    akte.erstelltAm,
  );
  await repo.setzeUebernommenAusProzess(tx, akteId, istUuid(akte.prozessId) ? akte.prozessId : null);
  let dokumente = 0;
  let versionen = 0;
  for (const v of akte.vorgaenge) {
    const vorgangId = await insertVorgang(
      tx,
      { akteId, nr: v.nr, betreff: v.betreff, frist: v.frist, metadaten: v.metadaten, erstelltVon: von },
      v.erstelltAm,
    );
    if (v.zdaAm) await repo.setzeUebernommenZda(tx, vorgangId, v.zdaAm);
    for (const { versionen: dateien, ...daten } of v.dokumente) {
      const dokumentId = await insertDokument(tx, vorgangId, daten, von, ctx.clock.now());
      dokumente++;
      for (const x of dateien) {
        const nr = await insertVersion(tx, dokumentId, { ...x, von }, ctx.clock.now());
        await planeTexterkennungInTx(ctx, tx, { dokumentId, nr, sha256: x.sha256, mimeTyp: x.mimeTyp });
        versionen++;
      }
    }
  }
  const vorgaenge = akte.vorgaenge.length;
  await schreibeProtokollInTx(tx, ctx.clock, {
    akteur: durch.wer,
    systemName: durch.systemName,
    aktion: "akte.uebernommen",
    objektArt: "akte",
    objektId: akteId,
    details: {
      akteId,
      aktenzeichen: akte.aktenzeichen,
      prozessId: akte.prozessId,
      vorgaenge,
      dokumente,
      versionen,
    },
  });
  return { akteId, vorgaenge, dokumente, versionen };
}

/**
 * Another authority confirmed it took the Akte over (xdomea 0402): ours is closed, if still open,
 * and recorded as handed over.
 */
export async function schliesseAbgegebeneAkteInTx(
  ctx: AppContext,
  tx: Tx,
  akteId: string,
  abgabe: Austauschender & { prozessId: string; an: string },
): Promise<void> {
  await repo.schliesseOffeneAkte(tx, akteId, ctx.clock.now());
  await schreibeProtokollInTx(tx, ctx.clock, {
    akteur: abgabe.wer,
    systemName: abgabe.systemName,
    aktion: "akte.abgegeben",
    objektArt: "akte",
    objektId: akteId,
    details: { akteId, prozessId: abgabe.prozessId, an: abgabe.an },
  });
}
