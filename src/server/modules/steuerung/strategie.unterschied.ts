import { deutschesDatum } from "../../platform/clock.js";
import { KATALOG } from "./katalog.js";
import type { Handlungsfeld, Massnahme, StrategieInhalt, Ziel } from "./strategie.schema.js";

const STATUS: Record<Massnahme["status"], string> = {
  geplant: "geplant",
  laufend: "laufend",
  abgeschlossen: "abgeschlossen",
  zurueckgestellt: "zurückgestellt",
};
const RICHTUNG: Record<Ziel["richtung"], string> = { mindestens: "mindestens", hoechstens: "höchstens" };

/** A number as Germans write it: 70, 70,5. */
export function zahl(x: number): string {
  return x.toLocaleString("de-DE", { maximumFractionDigits: 1 });
}

/** A Ziel's value with the unit of its Kennzahl: "80 %", "48 Std.", "120". */
export function zielwertText(kennzahl: string, wert: number): string {
  const art = KATALOG.find((k) => k.schluessel === kennzahl)?.art;
  return art === "anteil" ? `${zahl(wert)} %` : art === "dauer" ? `${zahl(wert)} Std.` : zahl(wert);
}

function kennzahlName(schluessel: string): string {
  return KATALOG.find((k) => k.schluessel === schluessel)?.name ?? schluessel;
}

/**
 * The difference of two states of the strategy as German sentences, field by field, e.g.
 * "Ziel „Neue Akten elektronisch“: Zielwert 70 % → 80 %". Objects are matched by their id, so a
 * renamed Ziel is a change, not a removal and an addition. `oeName` names responsible OEs.
 */
export function unterschied(
  alt: StrategieInhalt,
  neu: StrategieInhalt,
  oeName: (id: string) => string,
): string[] {
  const s: string[] = [];
  if (alt.titel !== neu.titel) s.push(`Titel der Strategie: „${alt.titel}“ → „${neu.titel}“`);
  vergleicheListe(alt.handlungsfelder, neu.handlungsfelder, {
    neu: (h) => s.push(`Handlungsfeld „${h.titel}“ hinzugefügt`),
    weg: (h) => s.push(`Handlungsfeld „${h.titel}“ entfernt`),
    beide: (a, b) => {
      if (a.titel !== b.titel) s.push(`Handlungsfeld „${a.titel}“: Titel „${a.titel}“ → „${b.titel}“`);
    },
  });
  const feldVon = (inhalt: StrategieInhalt, art: "ziele" | "massnahmen") =>
    new Map(inhalt.handlungsfelder.flatMap((h) => h[art].map((x) => [x.id, h] as const)));
  const zieleAlt = alle(alt, "ziele");
  const zieleNeu = alle(neu, "ziele");
  const feldAlt = feldVon(alt, "ziele");
  const feldNeu = feldVon(neu, "ziele");
  vergleicheListe(zieleAlt, zieleNeu, {
    neu: (z) => s.push(`Ziel „${z.titel}“ im Handlungsfeld „${feldNeu.get(z.id)!.titel}“ hinzugefügt`),
    weg: (z) => s.push(`Ziel „${z.titel}“ entfernt`),
    beide: (a, b) => {
      const p = `Ziel „${b.titel}“: `;
      if (a.titel !== b.titel) s.push(`Ziel „${a.titel}“: Titel „${a.titel}“ → „${b.titel}“`);
      if (a.kennzahl !== b.kennzahl)
        s.push(`${p}Kennzahl „${kennzahlName(a.kennzahl)}“ → „${kennzahlName(b.kennzahl)}“`);
      if (a.zielwert !== b.zielwert)
        s.push(
          `${p}Zielwert ${zielwertText(a.kennzahl, a.zielwert)} → ${zielwertText(b.kennzahl, b.zielwert)}`,
        );
      if (a.richtung !== b.richtung) s.push(`${p}Richtung ${RICHTUNG[a.richtung]} → ${RICHTUNG[b.richtung]}`);
      if (a.zieldatum !== b.zieldatum)
        s.push(`${p}Zieldatum ${deutschesDatum(a.zieldatum)} → ${deutschesDatum(b.zieldatum)}`);
      verschoben(s, p, feldAlt.get(a.id), feldNeu.get(b.id));
    },
  });
  const mAlt = feldVon(alt, "massnahmen");
  const mNeu = feldVon(neu, "massnahmen");
  vergleicheListe(alle(alt, "massnahmen"), alle(neu, "massnahmen"), {
    neu: (m) => s.push(`Maßnahme „${m.titel}“ im Handlungsfeld „${mNeu.get(m.id)!.titel}“ hinzugefügt`),
    weg: (m) => s.push(`Maßnahme „${m.titel}“ entfernt`),
    beide: (a, b) => {
      const p = `Maßnahme „${b.titel}“: `;
      if (a.titel !== b.titel) s.push(`Maßnahme „${a.titel}“: Titel „${a.titel}“ → „${b.titel}“`);
      if (a.status !== b.status) s.push(`${p}Status ${STATUS[a.status]} → ${STATUS[b.status]}`);
      if (a.oeId !== b.oeId) s.push(`${p}verantwortliche OE ${oeName(a.oeId)} → ${oeName(b.oeId)}`);
      verschoben(s, p, mAlt.get(a.id), mNeu.get(b.id));
      vergleicheListe(a.meilensteine, b.meilensteine, {
        neu: (x) => s.push(`${p}Meilenstein „${x.titel}“ (${deutschesDatum(x.datum)}) hinzugefügt`),
        weg: (x) => s.push(`${p}Meilenstein „${x.titel}“ entfernt`),
        beide: (x, y) => {
          const q = `${p}Meilenstein „${y.titel}“: `;
          if (x.titel !== y.titel) s.push(`${p}Meilenstein „${x.titel}“: Titel → „${y.titel}“`);
          if (x.datum !== y.datum)
            s.push(`${q}Datum ${deutschesDatum(x.datum)} → ${deutschesDatum(y.datum)}`);
          if (x.erledigt !== y.erledigt) s.push(`${q}${y.erledigt ? "erledigt" : "wieder offen"}`);
        },
      });
    },
  });
  return s;
}

function alle<A extends "ziele" | "massnahmen">(inhalt: StrategieInhalt, art: A): Handlungsfeld[A] {
  return inhalt.handlungsfelder.flatMap((h) => h[art] as Handlungsfeld[A][number][]) as Handlungsfeld[A];
}

function verschoben(
  s: string[],
  p: string,
  a: Handlungsfeld | undefined,
  b: Handlungsfeld | undefined,
): void {
  if (a && b && a.id !== b.id) s.push(`${p}Handlungsfeld „${a.titel}“ → „${b.titel}“`);
}

function vergleicheListe<T extends { id: string }>(
  alt: readonly T[],
  neu: readonly T[],
  f: { neu: (x: T) => void; weg: (x: T) => void; beide: (a: T, b: T) => void },
): void {
  const altNach = new Map(alt.map((x) => [x.id, x]));
  const neuNach = new Set(neu.map((x) => x.id));
  for (const x of neu) {
    const a = altNach.get(x.id);
    if (a) f.beide(a, x);
    else f.neu(x);
  }
  for (const x of alt) if (!neuNach.has(x.id)) f.weg(x);
}
