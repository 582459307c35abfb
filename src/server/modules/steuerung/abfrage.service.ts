import type { AppContext } from "../../platform/context.js";
import { AppError, nichtGefunden } from "../../platform/errors.js";
import { DAUER_KLASSEN_STUNDEN } from "../../platform/kennzahlen.js";
import { istUuid } from "../../platform/pruefungen.js";
import { oeBaumMitMitgliedern, type Akteur } from "../access/index.js";
import { KATALOG, type Kennzahl } from "./katalog.js";
import { reichweite } from "./steuerung.policy.js";
import * as repo from "./steuerung.repository.js";
import { bildeGruppen, KREIS, type Gruppen } from "./unterdrueckung.js";
import { demodaten, type Demodaten } from "./demodaten.service.js";

export interface Monatswert {
  monat: string;
  /** Share in per cent, count, stock, or median hours; null: no data for the month. */
  wert: number | null;
  /** For durations: the 90 % value in hours. */
  p90: number | null;
  /** How many cases the value rests on (denominator, durations counted). */
  anzahl: number;
}

export interface GruppenFiguren {
  oe: { id: string; kuerzel: string; name: string };
  /** People in the group; null when fewer than five (then no figures are given). */
  personen: number | null;
  unterdrueckt: boolean;
  kennzahlen: Record<string, Monatswert[]>;
}

export interface Uebersicht {
  zeitraum: { von: string; bis: string };
  monate: string[];
  gruppe: GruppenFiguren;
  /** The groups right below that may be shown, for the drill-down. */
  unten: GruppenFiguren[];
  /** Below-groups that are hidden (fewer than five people, or hidden so no difference reveals a smaller group). */
  ausgeblendet: number;
  /** Set when the figures rest on the demo county's generated history: its days. */
  demodaten: Demodaten | null;
}

const MONAT = /^\d{4}-(0[1-9]|1[0-2])$/;

/**
 * The figures of one group (the county, or an OE in the reader's reach) and of the groups right
 * below it, per month of [von, bis] (YYYY-MM). Every figure is summed over the OEs of a group;
 * groups that may not be shown (unterdrueckung.ts) give no figures at all.
 */
export async function uebersicht(
  ctx: AppContext,
  actor: Akteur,
  anfrage: { oe?: string; von: string; bis: string },
): Promise<Uebersicht> {
  if (!MONAT.test(anfrage.von) || !MONAT.test(anfrage.bis))
    throw new AppError(
      "ungueltige_eingabe",
      "Bitte den Zeitraum als Monate angeben, z. B. 2026-01 bis 2026-12.",
    );
  if (anfrage.von > anfrage.bis)
    throw new AppError("ungueltige_eingabe", "Der Zeitraum endet vor seinem Beginn.");
  const monate = monateZwischen(anfrage.von, anfrage.bis);
  if (monate.length > 60)
    throw new AppError("ungueltige_eingabe", "Bitte höchstens fünf Jahre (60 Monate) auf einmal abfragen.");
  const baum = await oeBaumMitMitgliedern(ctx.db);
  const arten = new Map(baum.map((o) => [o.id, o.art]));
  const darf = reichweite(actor, arten);
  const gruppen = bildeGruppen(baum);
  const gewaehlt = anfrage.oe ?? (darf.kreis ? KREIS : darf.oes[0]);
  if (gewaehlt === undefined)
    throw new AppError("keine_berechtigung", "Kennzahlen sehen die Steuerung und die Leitungen.");
  if (gewaehlt !== KREIS && !istUuid(gewaehlt)) throw nichtGefunden("Die Organisationseinheit");
  const erreichbar = darf.kreis
    ? true
    : gewaehlt !== KREIS && darf.oes.some((oe) => gruppen.unterbaum.get(oe)?.includes(gewaehlt));
  if (!erreichbar || !gruppen.unterbaum.has(gewaehlt)) throw nichtGefunden("Die Organisationseinheit");

  const eltern = new Map(baum.map((o) => [o.id, o.parentId]));
  const unten = [...(gruppen.unterbaum.get(gewaehlt) ?? [])].filter((id) => {
    if (id === gewaehlt || !gruppen.zeigbar.has(id)) return false;
    for (let p = eltern.get(id) ?? KREIS; p !== gewaehlt; p = eltern.get(p) ?? KREIS) {
      if (gruppen.zeigbar.has(p)) return false;
      if (p === KREIS) break;
    }
    return true;
  });
  const direkteKinder = baum.filter((o) => (o.parentId ?? KREIS) === gewaehlt).length;

  const von = `${anfrage.von}-01`;
  const bis = letzterTag(anfrage.bis);
  const oeIds = [...(gruppen.unterbaum.get(gewaehlt) ?? [])].filter((id) => id !== KREIS);
  const bestaende = KATALOG.filter((k) => k.art === "bestand").map((k) => k.schluessel);
  const zeilen = gruppen.zeigbar.has(gewaehlt)
    ? await repo.monatswerte(ctx.db, oeIds, von, bis, bestaende)
    : [];
  const berechnet = new Set(await repo.berechneteMonate(ctx.db, von, bis));
  const namen = new Map(baum.map((o) => [o.id, { id: o.id, kuerzel: o.kuerzel, name: o.name }]));
  const figuren = (id: string): GruppenFiguren => {
    const oe =
      id === KREIS ? { id: KREIS, kuerzel: "Kreis", name: "Kreisverwaltung gesamt" } : namen.get(id)!;
    if (!gruppen.zeigbar.has(id)) return { oe, personen: null, unterdrueckt: true, kennzahlen: {} };
    const enthalten = new Set(gruppen.unterbaum.get(id));
    // The group's rows by Kennzahl and month, so each cell is a lookup, not a pass over all rows.
    const eigene = new Map<string, repo.MonatsZeile[]>();
    for (const z of zeilen) {
      if (!enthalten.has(z.oeId)) continue;
      const key = `${z.kennzahl}|${z.monat}`;
      const liste = eigene.get(key);
      if (liste) liste.push(z);
      else eigene.set(key, [z]);
    }
    return {
      oe,
      personen: gruppen.personen.get(id) ?? 0,
      unterdrueckt: false,
      kennzahlen: Object.fromEntries(KATALOG.map((k) => [k.schluessel, reihe(k, eigene, monate, berechnet)])),
    };
  };
  return {
    zeitraum: { von: anfrage.von, bis: anfrage.bis },
    monate,
    gruppe: figuren(gewaehlt),
    unten: unten.map(figuren).sort((a, b) => a.oe.kuerzel.localeCompare(b.oe.kuerzel, "de")),
    ausgeblendet: Math.max(0, direkteKinder - unten.length),
    demodaten: await demodaten(ctx.db),
  };
}

export type { Gruppen };

function reihe(
  k: Kennzahl,
  zeilen: ReadonlyMap<string, repo.MonatsZeile[]>,
  monate: string[],
  berechnet: Set<string>,
): Monatswert[] {
  return monate.map((monat) => {
    const z = zeilen.get(`${k.schluessel}|${monat}`) ?? [];
    const anzahl = z.reduce((s, x) => s + x.anzahl, 0);
    const summe = z.reduce((s, x) => s + x.summe, 0);
    const leer = { monat, wert: null, p90: null, anzahl };
    if (!berechnet.has(monat)) return leer;
    switch (k.art) {
      case "anzahl":
      case "bestand":
        return { ...leer, wert: anzahl };
      case "anteil":
        return anzahl === 0 ? leer : { ...leer, wert: runde((100 * summe) / anzahl) };
      case "dauer": {
        if (anzahl === 0) return leer;
        const verteilung = summiere(z.map((x) => x.verteilung));
        return { ...leer, wert: runde(perzentil(verteilung, 0.5)), p90: runde(perzentil(verteilung, 0.9)) };
      }
    }
  });
}

function summiere(listen: (number[] | null)[]): number[] {
  const summe = new Array<number>(DAUER_KLASSEN_STUNDEN.length + 1).fill(0);
  for (const l of listen) l?.forEach((v, i) => (summe[i] = (summe[i] ?? 0) + (v ?? 0)));
  return summe;
}

/**
 * The p-quantile (hours) of durations counted into classes, interpolated linearly within the
 * class it falls in; the open last class (over a year) reports its lower bound.
 */
export function perzentil(verteilung: number[], p: number): number {
  const n = verteilung.reduce((s, v) => s + v, 0);
  if (n === 0) return 0;
  const ziel = p * n;
  let kumuliert = 0;
  for (let i = 0; i < verteilung.length; i++) {
    const v = verteilung[i] ?? 0;
    if (v > 0 && kumuliert + v >= ziel) {
      const unten = i === 0 ? 0 : DAUER_KLASSEN_STUNDEN[i - 1]!;
      if (i >= DAUER_KLASSEN_STUNDEN.length) return unten;
      const oben = DAUER_KLASSEN_STUNDEN[i]!;
      return unten + ((ziel - kumuliert) / v) * (oben - unten);
    }
    kumuliert += v;
  }
  return DAUER_KLASSEN_STUNDEN[DAUER_KLASSEN_STUNDEN.length - 1]!;
}

const runde = (x: number): number => Math.round(x * 10) / 10;

function monateZwischen(von: string, bis: string): string[] {
  const monate: string[] = [];
  let [j, m] = von.split("-").map(Number) as [number, number];
  for (;;) {
    const monat = `${j}-${String(m).padStart(2, "0")}`;
    if (monat > bis) return monate;
    monate.push(monat);
    m += 1;
    if (m > 12) [j, m] = [j + 1, 1];
  }
}

function letzterTag(monat: string): string {
  const [j, m] = monat.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(j, m, 0)).toISOString().slice(0, 10);
}
