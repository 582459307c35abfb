import type { Akteur } from "../../../platform/akteur.js";
import type { AppContext } from "../../../platform/context.js";
import type { Tx } from "../../../platform/database/database.js";
import { AppError } from "../../../platform/errors.js";
import { obersteOe, resolveOe } from "../../access/index.js";
import { einheitZurUebernahmeInTx } from "../../aktenplan/index.js";
import { schreibeProtokollInTx } from "../../protokoll/index.js";
import {
  aktenzeichenVergeben,
  schliesseAbgegebeneAkteInTx,
  uebernehmeAkteInTx,
} from "../../schriftgut/index.js";
import { XDOMEA_SYSTEM } from "../aussonderung.types.js";
import { loescheNachAussonderungInTx } from "../loeschung.service.js";
import type { Knoten } from "./aufgaben.js";
import {
  absenderAus,
  akteKopfAus,
  alsUebernahme,
  inhaltAus,
  type Entscheidung,
  type GespeichertesPrimaerdokument,
} from "./import.mapping.js";
import { bucheNachrichtInTx } from "./nachrichtenbuch.js";
import type { EingegangeneNachricht, ImportErgebnis } from "./xdomea.types.js";

/** What an incoming message changed here. */
export interface Verbuchung {
  akten: ImportErgebnis["akten"];
  geloescht: string[];
  gesperrt: string[];
  abgegeben: string[];
  /** Blobs of deleted content nobody refers to any more: they leave the store after commit. */
  freieBlobs: string[];
}

/**
 * What the archive's decision (0502), its confirmation of a transfer (0506) or the receiving
 * authority's confirmation (0402) does to the Akten we sent: content deleted (never under a
 * Löschsperre), or the Akte closed as handed over.
 */
async function wendeEntscheidungenAnInTx(
  ctx: AppContext,
  tx: Tx,
  caller: Akteur | "system",
  n: EingegangeneNachricht,
  entscheidungen: Entscheidung[],
  folgen: Verbuchung,
): Promise<void> {
  const archiv = absenderAus(n.knoten);
  for (const e of entscheidungen) {
    if (n.typ === "0402") {
      // The receiving authority took the Akte over: ours is closed and marked as handed over.
      if (!e.entscheidung) continue;
      await schliesseAbgegebeneAkteInTx(ctx, tx, e.akteId, {
        wer: caller,
        systemName: XDOMEA_SYSTEM,
        prozessId: n.prozessId,
        an: archiv,
      });
      folgen.abgegeben.push(e.akteId);
      continue;
    }
    if (!e.entscheidung || (n.typ === "0502" && e.entscheidung === "A")) continue;
    const frei = await loescheNachAussonderungInTx(ctx, tx, e.akteId, {
      entscheidung: e.entscheidung,
      archiv,
      prozessId: n.prozessId,
      wer: caller,
    });
    if (frei === null) folgen.gesperrt.push(e.akteId);
    else {
      folgen.geloescht.push(e.akteId);
      folgen.freieBlobs.push(...frei);
    }
  }
}

/**
 * Takes one Akte of a 0503 or 0401 over: under our unit with its Kennzeichen (or a new one), for
 * the OE asked for, else the unit's, else the top of the administration.
 */
async function uebernimmAkteInTx(
  ctx: AppContext,
  tx: Tx,
  caller: Akteur | "system",
  akte: Knoten,
  n: EingegangeneNachricht,
  gespeichert: Map<string, GespeichertesPrimaerdokument>,
  optionen: { oe?: string },
): Promise<ImportErgebnis["akten"][number]> {
  const { aktenzeichen, betreff, kennzeichen } = akteKopfAus(akte);
  if (await aktenzeichenVergeben(tx, aktenzeichen))
    throw new AppError(
      "konflikt",
      `Die Akte ${aktenzeichen} gibt es hier bereits; die Nachricht wurde nicht übernommen.`,
    );
  const einheit = await einheitZurUebernahmeInTx(ctx, tx, kennzeichen);
  const oeId = optionen.oe
    ? (await resolveOe(tx, optionen.oe, "oe")).id
    : (einheit.zustaendigeOeId ?? (await obersteOe(tx)));
  if (!oeId)
    throw new AppError(
      "ungueltige_eingabe",
      "Es gibt keine Organisationseinheit, die die Akten übernehmen kann.",
    );
  const uebernahme = alsUebernahme(
    akte,
    {
      aktenplaneinheitId: einheit.id,
      federfuehrendeOeId: oeId,
      prozessId: n.prozessId,
      jetzt: ctx.clock.now(),
    },
    gespeichert,
  );
  const { vorgaenge, dokumente, versionen } = await uebernehmeAkteInTx(ctx, tx, uebernahme, {
    wer: caller,
    systemName: XDOMEA_SYSTEM,
  });
  return { aktenzeichen, betreff, vorgaenge, dokumente, versionen };
}

/**
 * Everything an incoming message does, in one transaction: decisions applied, Akten taken over,
 * the message booked and recorded. A refusal anywhere changes nothing.
 */
export async function verbucheEingangInTx(
  ctx: AppContext,
  tx: Tx,
  caller: Akteur | "system",
  n: EingegangeneNachricht,
  e: {
    akten: Knoten[];
    entscheidungen: Entscheidung[];
    gespeichert: Map<string, GespeichertesPrimaerdokument>;
    optionen: { oe?: string };
  },
): Promise<Verbuchung> {
  const folgen: Verbuchung = { akten: [], geloescht: [], gesperrt: [], abgegeben: [], freieBlobs: [] };
  await wendeEntscheidungenAnInTx(ctx, tx, caller, n, e.entscheidungen, folgen);
  if (n.typ === "0503" || n.typ === "0401")
    for (const akte of e.akten)
      folgen.akten.push(await uebernimmAkteInTx(ctx, tx, caller, akte, n, e.gespeichert, e.optionen));
  await bucheNachrichtInTx(ctx, tx, caller, {
    prozessId: n.prozessId,
    nachrichtentyp: n.typ,
    richtung: "ein",
    version: n.version,
    sha256: n.sha256,
    inhalt: inhaltAus(n.typ, n.knoten, e.akten),
  });
  await schreibeProtokollInTx(tx, ctx.clock, {
    akteur: caller,
    systemName: XDOMEA_SYSTEM,
    aktion: "xdomea.importiert",
    objektArt: "xdomea_nachricht",
    objektId: n.prozessId,
    details: {
      nachricht: n.typ,
      version: n.version,
      akten: folgen.akten.map((a) => a.aktenzeichen),
      sha256: n.sha256,
    },
  });
  return folgen;
}
