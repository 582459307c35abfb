import { Readable } from "node:stream";
import type { AppContext } from "../../platform/context.js";
import { deutschesDatum, heute } from "../../platform/clock.js";
import type { Queryable, Tx } from "../../platform/database/database.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { aktiveOeId, aktiverBenutzerId, type Akteur, vertreterAm } from "../access/index.js";
import {
  schreibeProtokollInTx,
  type GangBezug,
  type NeuerProtokollEintrag,
  type ProtokollAktion,
  type ProtokollDetails,
} from "../protokoll/index.js";
import { inhaltLeser, legeSystemdokumentAnInTx } from "../schriftgut/index.js";
import { benachrichtige } from "./benachrichtigung.service.js";
import * as repo from "./geschaeftsgang.repository.js";
import type { GangZeile, SchrittZeile } from "./geschaeftsgang.repository.js";
import { baueGang, rolleVon, sichtbar } from "./geschaeftsgang.service.js";
import { naechsterFortgang, type EinzufuegenderSchritt } from "./laufweg.js";
import { verfuegungAlsPdf } from "./verfuegung.js";
import { VERDECKT, type RolleImGang } from "./workflow.policy.js";
import type { Person, SchrittEingabe } from "./workflow.types.js";

// The steps every change of a running route goes through, in the caller's transaction: locking a
// step, the Protokoll entry, notices to whoever a step opens for, moving on to the next Stufe, and
// the end with its Verfügung.

/** The Protokoll actions about a route or one of its steps: their details name the route. */
export type GangAktion = {
  [A in ProtokollAktion]: ProtokollDetails[A] extends GangBezug ? A : never;
}[ProtokollAktion];

/** The details of a route's action without what `protokolliereGangInTx` adds (Akte, Vorgang, route). */
export type GangDetails<A extends GangAktion> = ProtokollDetails[A] extends infer D
  ? D extends unknown
    ? Omit<D, keyof GangBezug>
    : never
  : never;

/** A Protokoll entry about the route or one of its steps, with Akte, Vorgang and route named. */
export async function protokolliereGangInTx<A extends GangAktion>(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  ivFuer: Person | null,
  aktion: A,
  objekt: { art: string; id: string },
  gang: GangZeile,
  details: GangDetails<A>,
): Promise<void> {
  const bezug: GangBezug = { akteId: gang.akte_id, vorgangId: gang.vorgang_id, geschaeftsgangId: gang.id };
  // The route's ids and the rest make the action's details; TypeScript cannot follow that
  // through the generic action, the signature above checks it at every call.
  const eintrag = {
    akteur: actor,
    ...(ivFuer ? { imAuftragVon: ivFuer } : {}),
    aktion,
    objektArt: objekt.art,
    objektId: objekt.id,
    details: { ...bezug, ...details },
  } as unknown as NeuerProtokollEintrag<A>;
  await schreibeProtokollInTx(tx, ctx.clock, eintrag);
}

/** Tells the addressees of newly opened steps (a person, or their deputy while absent). */
export async function meldeOffeneSchritteInTx(
  ctx: AppContext,
  tx: Tx,
  gang: GangZeile,
  ids: string[],
): Promise<void> {
  if (!ids.length) return;
  for (const s of await repo.ladeAdressaten(tx, ids)) {
    if (!s.adressat_benutzer_id) continue;
    const vertreter = await vertreterAm(tx, s.adressat_benutzer_id, heute(ctx.clock));
    const empfaenger = vertreter ?? s.adressat_benutzer_id;
    // A deputy not named on a restricted Akte learns that a step waits, not what it is about.
    const lesbar = (await inhaltLeser(ctx, tx, gang.akte_id, [empfaenger])).has(empfaenger);
    const worum = lesbar ? `${gang.aktenzeichen}-${gang.vorgang_nr} ${gang.vorgang_betreff}` : VERDECKT;
    await benachrichtige(ctx, tx, [empfaenger], {
      art: "schritt",
      text: `${s.art}: ${worum}${vertreter ? " (in Vertretung)" : ""}`,
      link: `/vorgaenge/${gang.vorgang_id}`,
      schluessel: `schritt:${s.id}`,
    });
  }
}

/**
 * After every change: when no step of the current Stufe is open any more, the next Stufe opens;
 * when none is left, the route ends and its Verfügung is filed in the Vorgang.
 */
export async function schreiteFortInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  gang: GangZeile,
): Promise<void> {
  const fortgang = naechsterFortgang(await repo.ladeLaufweg(tx, gang.id));
  if (fortgang.art === "warten") return;
  if (fortgang.art === "oeffnen") {
    await repo.oeffneSchritte(tx, fortgang.ids, ctx.clock.now());
    await meldeOffeneSchritteInTx(ctx, tx, gang, fortgang.ids);
    return;
  }
  await beendeInTx(ctx, tx, actor, gang, "abgeschlossen");
}

/** Ends the route (done or cancelled) and files its Verfügung as a Vermerk in the Vorgang. */
export async function beendeInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  gang: GangZeile,
  status: "abgeschlossen" | "abgebrochen",
  begruendung?: string,
): Promise<void> {
  await repo.beendeGang(tx, gang.id, status, ctx.clock.now());
  const beendet = (await repo.ladeGang(tx, gang.id))!;
  const daten = await baueGang(ctx, tx, beendet, null, false);
  const pdf = await verfuegungAlsPdf(daten, ctx.config.behoerde, ctx.clock.now());
  const stored = await ctx.blobs.put(Readable.from([pdf]));
  const tag = deutschesDatum(heute(ctx.clock));
  const dokumentId = await legeSystemdokumentAnInTx(
    ctx,
    tx,
    gang.vorgang_id,
    { typ: "Vermerk", titel: `Verfügung zum Geschäftsgang (${tag})` },
    {
      stored,
      dateiname: `Verfuegung-${gang.aktenzeichen.replace(/[^0-9A-Za-z.-]/g, "_")}-${gang.vorgang_nr}.pdf`,
      originaldateiname: "Verfügung.pdf",
      mimeTyp: "application/pdf",
    },
    status === "abgeschlossen"
      ? "Verfügung: Laufweg und Entscheidungen"
      : `Geschäftsgang abgebrochen: ${begruendung}`,
    gang.akte_id,
  );
  await repo.setzeVerfuegung(tx, gang.id, dokumentId);
  await protokolliereGangInTx(
    ctx,
    tx,
    actor,
    null,
    status === "abgeschlossen" ? "geschaeftsgang.abgeschlossen" : "geschaeftsgang.abgebrochen",
    { art: "geschaeftsgang", id: gang.id },
    gang,
    { verfuegungDokumentId: dokumentId, ...(begruendung ? { begruendung } : {}) },
  );
}

/** Puts new steps right after a Stufe, moving the waiting ones behind them. */
export async function fuegeStufenEinInTx(
  ctx: AppContext,
  tx: Tx,
  gangId: string,
  nachStufe: number,
  neue: EinzufuegenderSchritt[],
): Promise<void> {
  await repo.verschiebeWartende(tx, gangId, nachStufe, neue.length);
  for (const [i, s] of neue.entries())
    await repo.insertSchritt(tx, gangId, { ...s, stufe: nachStufe + 1 + i }, ctx.clock.now());
}

/** A step's addressee: a person or an OE. */
export interface Adressat {
  benutzerId: string | null;
  oeId: string | null;
}

/** The addressee as given (Benutzername or OE-Kürzel, or an id), active; refused with `feld` named. */
export async function loeseAdressat(
  q: Queryable,
  a: SchrittEingabe["adressat"],
  feld: string,
): Promise<Adressat> {
  if (a.benutzer && !a.oe) {
    const id = await aktiverBenutzerId(q, a.benutzer);
    if (!id)
      throw new AppError("ungueltige_eingabe", `Den Benutzer „${a.benutzer}“ gibt es nicht.`, {
        fehler: [{ feld, meldung: "Unbekannter Benutzer." }],
      });
    return { benutzerId: id, oeId: null };
  }
  if (a.oe && !a.benutzer) {
    const id = await aktiveOeId(q, a.oe);
    if (!id)
      throw new AppError("ungueltige_eingabe", `Die Organisationseinheit „${a.oe}“ gibt es nicht.`, {
        fehler: [{ feld, meldung: "Unbekannte Organisationseinheit." }],
      });
    return { benutzerId: null, oeId: id };
  }
  throw new AppError("ungueltige_eingabe", "Bitte als Adressat genau eine Person oder eine OE angeben.", {
    fehler: [{ feld, meldung: "Person oder OE." }],
  });
}

/** Locks the route and the step (in this order, always); a step the actor may not see is 404. */
export async function sperreSchrittInTx(
  ctx: AppContext,
  tx: Tx,
  actor: Akteur,
  schrittId: string,
): Promise<{ gang: GangZeile; schritt: SchrittZeile; rolle: RolleImGang }> {
  const gangId = await repo.gangDesSchritts(tx, schrittId);
  const gang = gangId ? await repo.ladeGang(tx, gangId, true) : undefined;
  const rolle = await rolleVon(ctx, actor);
  if (!gang || !(await sichtbar(ctx, actor, gang, rolle))) throw nichtGefunden("Der Schritt");
  const schritt = (await repo.sperreUndLadeSchritt(tx, schrittId))!;
  return { gang, schritt, rolle };
}
