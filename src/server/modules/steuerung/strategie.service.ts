import type { AppContext } from "../../platform/context.js";
import { heute } from "../../platform/clock.js";
import { AppError, nichtGefunden, type FieldProblem } from "../../platform/errors.js";
import { istUuid } from "../../platform/pruefungen.js";
import { oeBaumMitMitgliedern, type Akteur } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { uebersicht, type Monatswert } from "./abfrage.service.js";
import { KATALOG } from "./katalog.js";
import { darfStrategieBearbeiten, darfStrategieLesen, reichweite } from "./steuerung.policy.js";
import type { StrategieInhalt, Ziel } from "./strategie.schema.js";
import * as repo from "./strategie.repository.js";
import { demodaten } from "./demodaten.service.js";
import { unterschied } from "./strategie.unterschied.js";
import { KREIS } from "./unterdrueckung.js";
import { monatPlus } from "./zeit.js";

export interface Zielstand {
  zielId: string;
  imKatalog: boolean;
  kennzahlName: string | null;
  art: string | null;
  monat: string | null;
  messwert: number | null;
  vergleichsmonat: string | null;
  veraenderung: number | null;
  bewertung: "erreicht" | "auf_kurs" | "nicht_auf_kurs" | "unbekannt";
  hinweis: string | null;
}

/** How many months back the trend looks. */
export const TRENDMONATE = 6;

function pruefeLesen(actor: Akteur): void {
  if (!darfStrategieLesen(actor))
    throw new AppError("keine_berechtigung", "Die Strategie lesen die Steuerung und die Leitungen.");
}

function pruefeBearbeiten(actor: Akteur): void {
  if (!darfStrategieBearbeiten(actor))
    throw new AppError(
      "keine_berechtigung",
      "Die Strategie bearbeitet die Stabsstelle E-Government (Rolle Steuerung).",
    );
}

/** The draft, the Fortschreibungen and the measured state of each Ziel of the draft. */
export async function ladeStrategie(ctx: AppContext, actor: Akteur) {
  pruefeLesen(actor);
  const entwurf = await repo.leseEntwurf(ctx.db);
  const fassungen = await repo.listeFassungen(ctx.db);
  const baum = await oeBaumMitMitgliedern(ctx.db);
  const namen = new Map(baum.map((o) => [o.id, `${o.kuerzel} ${o.name}`]));
  const ziele = entwurf.inhalt.handlungsfelder.flatMap((h) => h.ziele);
  const massnahmen = entwurf.inhalt.handlungsfelder.flatMap((h) => h.massnahmen);
  return {
    entwurf: {
      inhalt: entwurf.inhalt,
      revision: entwurf.revision,
      geaendertAm: entwurf.geaendertAm?.toISOString() ?? null,
    },
    fassungen: fassungen.map((f) => ({ ...f, erfasstAm: f.erfasstAm.toISOString() })),
    zielstand: await zielstaende(ctx, actor, ziele, new Map(baum.map((o) => [o.id, o.art]))),
    oes: Object.fromEntries(massnahmen.map((m) => [m.oeId, namen.get(m.oeId) ?? "unbekannte OE"])),
    darfBearbeiten: darfStrategieBearbeiten(actor),
    demodaten: await demodaten(ctx.db),
  };
}

/**
 * The measured value of each Ziel: the county's figure of the latest month with data, its change
 * over the last six months and whether that trend reaches the target by the Zieldatum. A Ziel
 * whose Kennzahl left the catalogue is kept and marked.
 */
async function zielstaende(
  ctx: AppContext,
  actor: Akteur,
  ziele: Ziel[],
  arten: ReadonlyMap<string, string>,
): Promise<Zielstand[]> {
  if (ziele.length === 0) return [];
  const kreis = reichweite(actor, arten).kreis;
  const bis = heute(ctx.clock).slice(0, 7);
  const figuren = kreis
    ? (await uebersicht(ctx, actor, { oe: KREIS, von: monatPlus(bis, -23), bis })).gruppe.kennzahlen
    : {};
  return ziele.map((z): Zielstand => {
    const k = KATALOG.find((x) => x.schluessel === z.kennzahl);
    const leer: Zielstand = {
      zielId: z.id,
      imKatalog: k !== undefined,
      kennzahlName: k?.name ?? null,
      art: k?.art ?? null,
      monat: null,
      messwert: null,
      vergleichsmonat: null,
      veraenderung: null,
      bewertung: "unbekannt",
      hinweis: null,
    };
    if (!k) return { ...leer, hinweis: "Kennzahl nicht mehr im Katalog" };
    if (!kreis)
      return { ...leer, hinweis: "Die Kreiswerte sehen die Steuerung, der Landrat und die Dezernenten." };
    return { ...leer, ...bewerte(z, figuren[z.kennzahl] ?? []) };
  });
}

/** The latest value of a monthly series, its trend and whether the trend meets the Ziel in time. */
export function bewerte(
  z: Pick<Ziel, "zielwert" | "richtung" | "zieldatum">,
  reihe: Monatswert[],
): Pick<Zielstand, "monat" | "messwert" | "vergleichsmonat" | "veraenderung" | "bewertung" | "hinweis"> {
  const mitWert = reihe.map((m, i) => ({ ...m, i })).filter((m) => m.wert !== null);
  const letzter = mitWert.at(-1);
  if (!letzter)
    return {
      monat: null,
      messwert: null,
      vergleichsmonat: null,
      veraenderung: null,
      bewertung: "unbekannt",
      hinweis: "Noch keine Messwerte",
    };
  const wert = letzter.wert!;
  const erfuellt = (x: number) => (z.richtung === "mindestens" ? x >= z.zielwert : x <= z.zielwert);
  const frueher =
    mitWert.filter((m) => m.i <= letzter.i - TRENDMONATE).at(-1) ?? mitWert.find((m) => m.i < letzter.i);
  const veraenderung = frueher ? Math.round((wert - frueher.wert!) * 10) / 10 : null;
  let bewertung: Zielstand["bewertung"] = "unbekannt";
  if (erfuellt(wert)) bewertung = "erreicht";
  else if (frueher) {
    const proMonat = (wert - frueher.wert!) / (letzter.i - frueher.i);
    const bisZiel = Math.max(0, monateZwischen(letzter.monat, z.zieldatum.slice(0, 7)));
    bewertung = erfuellt(wert + proMonat * bisZiel) ? "auf_kurs" : "nicht_auf_kurs";
  }
  return {
    monat: letzter.monat,
    messwert: wert,
    vergleichsmonat: frueher?.monat ?? null,
    veraenderung,
    bewertung,
    hinweis: null,
  };
}

function monateZwischen(von: string, bis: string): number {
  const [j1, m1] = von.split("-").map(Number) as [number, number];
  const [j2, m2] = bis.split("-").map(Number) as [number, number];
  return (j2 - j1) * 12 + (m2 - m1);
}

/**
 * Saves the working draft, checked against the catalogue, the OE tree and the revision it rests
 * on; the changes are written to the Protokoll as German sentences.
 */
export async function speichereEntwurf(
  ctx: AppContext,
  actor: Akteur,
  eingabe: { revision: number; inhalt: StrategieInhalt },
): Promise<{ revision: number; aenderungen: string[] }> {
  pruefeBearbeiten(actor);
  const baum = await oeBaumMitMitgliedern(ctx.db);
  const oeNamen = new Map(baum.map((o) => [o.id, `${o.kuerzel} ${o.name}`]));
  return ctx.db.transaction(async (tx) => {
    const bisher = await repo.leseEntwurf(tx, true);
    if (bisher.revision !== eingabe.revision)
      throw new AppError(
        "konflikt",
        "Die Strategie wurde inzwischen von jemand anderem geändert. Bitte laden Sie die Seite neu.",
      );
    pruefeInhalt(eingabe.inhalt, bisher.inhalt, oeNamen, heute(ctx.clock));
    const aenderungen = unterschied(bisher.inhalt, eingabe.inhalt, (id) => oeNamen.get(id) ?? id);
    if (aenderungen.length === 0) return { revision: bisher.revision, aenderungen };
    const revision = bisher.revision + 1;
    await repo.speichereEntwurf(tx, eingabe.inhalt, revision, ctx.clock.now(), actor.benutzer.id);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "strategie.geaendert",
      objektArt: "strategie",
      objektId: "entwurf",
      details: { revision, aenderungen },
    });
    return { revision, aenderungen };
  });
}

/** The draft's rules; a Ziel or Maßnahme unchanged since the last save is not checked again. */
export function pruefeInhalt(
  inhalt: StrategieInhalt,
  bisher: StrategieInhalt,
  oes: ReadonlyMap<string, string>,
  heute: string,
): void {
  const fehler: FieldProblem[] = [];
  const ids = new Set<string>();
  const einmalig = (id: string, feld: string) => {
    if (ids.has(id)) fehler.push({ feld, meldung: `Die Kennung „${id}“ kommt doppelt vor.` });
    ids.add(id);
  };
  const alteZiele = new Map(bisher.handlungsfelder.flatMap((h) => h.ziele.map((z) => [z.id, z])));
  const alteMassnahmen = new Map(bisher.handlungsfelder.flatMap((h) => h.massnahmen.map((m) => [m.id, m])));
  inhalt.handlungsfelder.forEach((h, hi) => {
    einmalig(h.id, `/inhalt/handlungsfelder/${hi}/id`);
    h.ziele.forEach((z, zi) => {
      const feld = `/inhalt/handlungsfelder/${hi}/ziele/${zi}`;
      einmalig(z.id, `${feld}/id`);
      const alt = alteZiele.get(z.id);
      const k = KATALOG.find((x) => x.schluessel === z.kennzahl);
      if (!k && alt?.kennzahl !== z.kennzahl)
        fehler.push({
          feld: `${feld}/kennzahl`,
          meldung: `Die Kennzahl „${z.kennzahl}“ gibt es im Kennzahlenkatalog nicht.`,
        });
      if (!alt && z.zieldatum < heute)
        fehler.push({
          feld: `${feld}/zieldatum`,
          meldung: "Das Zieldatum eines neuen Ziels liegt in der Vergangenheit.",
        });
      if (k?.art === "anteil" && (z.zielwert < 0 || z.zielwert > 100))
        fehler.push({ feld: `${feld}/zielwert`, meldung: "Ein Anteil liegt zwischen 0 und 100 %." });
      else if (z.zielwert < 0)
        fehler.push({ feld: `${feld}/zielwert`, meldung: "Der Zielwert darf nicht negativ sein." });
    });
    h.massnahmen.forEach((m, mi) => {
      const feld = `/inhalt/handlungsfelder/${hi}/massnahmen/${mi}`;
      einmalig(m.id, `${feld}/id`);
      const alt = alteMassnahmen.get(m.id);
      if (alt?.oeId !== m.oeId && !(istUuid(m.oeId) && oes.has(m.oeId)))
        fehler.push({
          feld: `${feld}/oeId`,
          meldung: "Die verantwortliche Organisationseinheit gibt es nicht.",
        });
      m.meilensteine.forEach((x, xi) => einmalig(x.id, `${feld}/meilensteine/${xi}/id`));
    });
  });
  if (fehler.length > 0)
    throw new AppError("ungueltige_eingabe", fehler.map((f) => f.meldung).join(" "), { fehler });
}

/** "Fortschreibung beschließen": freezes the draft as the next version. */
export async function beschliesseFortschreibung(
  ctx: AppContext,
  actor: Akteur,
  eingabe: { beschlossenAm: string; notiz: string },
): Promise<{ nummer: number }> {
  pruefeBearbeiten(actor);
  if (eingabe.beschlossenAm > heute(ctx.clock))
    throw new AppError(
      "ungueltige_eingabe",
      "Eine Fortschreibung kann nicht in der Zukunft beschlossen sein.",
      {
        fehler: [{ feld: "/beschlossenAm", meldung: "Das Beschlussdatum liegt in der Zukunft." }],
      },
    );
  return ctx.db.transaction(async (tx) => {
    const entwurf = await repo.leseEntwurf(tx, true);
    if (entwurf.inhalt.handlungsfelder.length === 0)
      throw new AppError(
        "nicht_verarbeitbar",
        "Die Strategie hat noch kein Handlungsfeld; erst dann kann sie fortgeschrieben werden.",
      );
    const notiz = eingabe.notiz.trim();
    const nummer = await repo.legeFassungAn(
      tx,
      entwurf.inhalt,
      eingabe.beschlossenAm,
      notiz,
      ctx.clock.now(),
      actor.benutzer.id,
    );
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "strategie.fortgeschrieben",
      objektArt: "strategie",
      objektId: String(nummer),
      details: { nummer, beschlossenAm: eingabe.beschlossenAm, notiz },
    });
    return { nummer };
  });
}

export async function ladeFassung(ctx: AppContext, actor: Akteur, nummer: number) {
  pruefeLesen(actor);
  const f = await repo.leseFassung(ctx.db, nummer);
  if (!f) throw nichtGefunden(`Die Fassung ${nummer} der Strategie`);
  return f;
}

/** The difference between two Fortschreibungen as German sentences. */
export async function vergleicheFassungen(ctx: AppContext, actor: Akteur, von: number, bis: number) {
  pruefeLesen(actor);
  const [a, b] = [await repo.leseFassung(ctx.db, von), await repo.leseFassung(ctx.db, bis)];
  if (!a) throw nichtGefunden(`Die Fassung ${von} der Strategie`);
  if (!b) throw nichtGefunden(`Die Fassung ${bis} der Strategie`);
  const baum = await oeBaumMitMitgliedern(ctx.db);
  const namen = new Map(baum.map((o) => [o.id, `${o.kuerzel} ${o.name}`]));
  return { von, bis, aenderungen: unterschied(a.inhalt, b.inhalt, (id) => namen.get(id) ?? "unbekannte OE") };
}
