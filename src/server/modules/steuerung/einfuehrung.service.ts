import type { AppContext } from "../../platform/context.js";
import { AppError, nichtGefunden, type FieldProblem } from "../../platform/errors.js";
import { istUuid } from "../../platform/pruefungen.js";
import { oeBaumMitMitgliedern, type Akteur } from "../access/index.js";
import { schreibeProtokollInTx } from "../protokoll/index.js";
import { uebersicht, type Monatswert } from "./abfrage.service.js";
import { KATALOG, type Kennzahl } from "./katalog.js";
import { darfStrategieBearbeiten, darfStrategieLesen, reichweite } from "./steuerung.policy.js";
import type { WELLEN } from "./strategie.schema.js";
import * as repo from "./strategie.repository.js";
import { bildeGruppen, type Gruppen } from "./unterdrueckung.js";
import { monatPlus } from "./zeit.js";

/** Months compared before and after the go-live (the go-live month itself is left out). */
export const VERGLEICHSMONATE = 3;

export interface Einfuehrungsstand {
  oe: { id: string; kuerzel: string; name: string };
  welle: string | null;
  geplantAb: string | null;
  pilotAb: string | null;
  produktivAb: string | null;
  personen: number | null;
  geschultAnzahl: number | null;
  geschultAnteil: number | null;
  unterdrueckt: boolean;
}

type Baum = Awaited<ReturnType<typeof oeBaumMitMitgliedern>>;

/** The OEs the reader may see: the county for Steuerung, Landrat and Dezernenten, else the Leitung's subtree. */
async function erreichbar(
  ctx: AppContext,
  actor: Akteur,
): Promise<{ baum: Baum; gruppen: Gruppen; ids: Set<string> }> {
  if (!darfStrategieLesen(actor))
    throw new AppError("keine_berechtigung", "Den Einführungsstand sehen die Steuerung und die Leitungen.");
  const baum = await oeBaumMitMitgliedern(ctx.db);
  const gruppen = bildeGruppen(baum);
  const darf = reichweite(actor, new Map(baum.map((o) => [o.id, o.art])));
  const ids = darf.kreis
    ? new Set(baum.map((o) => o.id))
    : new Set(darf.oes.flatMap((oe) => gruppen.unterbaum.get(oe) ?? []));
  return { baum, gruppen, ids };
}

function stand(o: Baum[number], gruppen: Gruppen, e: repo.EinfuehrungZeile | undefined): Einfuehrungsstand {
  const zeigbar = gruppen.zeigbar.has(o.id);
  const personen = zeigbar ? (gruppen.personen.get(o.id) ?? 0) : null;
  const anteil =
    e?.geschultProzent ??
    (e?.geschultAnzahl !== null && e?.geschultAnzahl !== undefined && personen
      ? Math.min(100, Math.round((1000 * e.geschultAnzahl) / personen) / 10)
      : null);
  return {
    oe: { id: o.id, kuerzel: o.kuerzel, name: o.name },
    welle: e?.welle ?? null,
    geplantAb: e?.geplantAb ?? null,
    pilotAb: e?.pilotAb ?? null,
    produktivAb: e?.produktivAb ?? null,
    personen,
    // Trained people of a group under five would describe single persons.
    geschultAnzahl: zeigbar ? (e?.geschultAnzahl ?? null) : null,
    geschultAnteil: zeigbar ? anteil : null,
    unterdrueckt: !zeigbar,
  };
}

/** The Einführungsstand of every OE in the reader's reach, by Kürzel. */
export async function listeEinfuehrung(ctx: AppContext, actor: Akteur): Promise<Einfuehrungsstand[]> {
  const { baum, gruppen, ids } = await erreichbar(ctx, actor);
  const eintraege = new Map((await repo.listeEinfuehrung(ctx.db)).map((e) => [e.oeId, e]));
  return baum
    .filter((o) => ids.has(o.id))
    .map((o) => stand(o, gruppen, eintraege.get(o.id)))
    .sort((a, b) => a.oe.kuerzel.localeCompare(b.oe.kuerzel, "de"));
}

/**
 * One OE's Einführungsstand with each Kennzahl before and after its go-live (production start,
 * else pilot start): the three whole months before against the three after. Groups under five
 * people give no figures (same rule as every other figure).
 */
export async function einfuehrungDetail(ctx: AppContext, actor: Akteur, oeId: string) {
  const { baum, gruppen, ids } = await erreichbar(ctx, actor);
  if (!istUuid(oeId) || !ids.has(oeId)) throw nichtGefunden("Die Organisationseinheit");
  const o = baum.find((x) => x.id === oeId)!;
  const e = (await repo.listeEinfuehrung(ctx.db)).find((x) => x.oeId === oeId);
  const s = stand(o, gruppen, e);
  const stichtag = s.produktivAb ?? s.pilotAb;
  if (!stichtag || s.unterdrueckt)
    return { stand: s, stichtag, vorherMonate: [], nachherMonate: [], vergleich: [] };
  const g = stichtag.slice(0, 7);
  const vorherMonate = Array.from({ length: VERGLEICHSMONATE }, (_, i) => monatPlus(g, i - VERGLEICHSMONATE));
  const nachherMonate = Array.from({ length: VERGLEICHSMONATE }, (_, i) => monatPlus(g, i + 1));
  const u = await uebersicht(ctx, actor, {
    oe: oeId,
    von: vorherMonate[0]!,
    bis: nachherMonate.at(-1)!,
  });
  const vergleich = u.gruppe.unterdrueckt
    ? []
    : KATALOG.map((k) => {
        const reihe = u.gruppe.kennzahlen[k.schluessel] ?? [];
        return {
          kennzahl: k.schluessel,
          name: k.name,
          art: k.art,
          vorher: zusammen(
            k,
            reihe.filter((m) => vorherMonate.includes(m.monat)),
          ),
          nachher: zusammen(
            k,
            reihe.filter((m) => nachherMonate.includes(m.monat)),
          ),
        };
      });
  return { stand: s, stichtag, vorherMonate, nachherMonate, vergleich };
}

/**
 * Several months as one figure: a share weighted by its cases, counts and stocks as the mean
 * per month, durations as the case-weighted mean of the monthly medians; null without data.
 */
export function zusammen(k: Kennzahl, monate: Monatswert[]): number | null {
  const mit = monate.filter((m) => m.wert !== null);
  if (mit.length === 0) return null;
  const runde = (x: number) => Math.round(x * 10) / 10;
  switch (k.art) {
    case "anteil":
    case "dauer": {
      const n = mit.reduce((s, m) => s + m.anzahl, 0);
      return n === 0 ? null : runde(mit.reduce((s, m) => s + m.wert! * m.anzahl, 0) / n);
    }
    case "anzahl":
    case "bestand":
      return runde(mit.reduce((s, m) => s + m.wert!, 0) / mit.length);
  }
}

export interface EinfuehrungEingabe {
  welle: (typeof WELLEN)[number];
  geplantAb?: string | null;
  pilotAb?: string | null;
  produktivAb?: string | null;
  geschultAnzahl?: number | null;
  geschultProzent?: number | null;
}

/** Records an OE's Einführungsstand (Steuerung only); written to the Protokoll. */
export async function speichereEinfuehrung(
  ctx: AppContext,
  actor: Akteur,
  oeId: string,
  eingabe: EinfuehrungEingabe,
): Promise<Einfuehrungsstand> {
  if (!darfStrategieBearbeiten(actor))
    throw new AppError(
      "keine_berechtigung",
      "Den Einführungsstand erfasst die Stabsstelle E-Government (Rolle Steuerung).",
    );
  const baum = await oeBaumMitMitgliedern(ctx.db);
  const o = istUuid(oeId) ? baum.find((x) => x.id === oeId) : undefined;
  if (!o) throw nichtGefunden("Die Organisationseinheit");
  const gruppen = bildeGruppen(baum);
  const zeile: repo.EinfuehrungZeile = {
    oeId,
    welle: eingabe.welle,
    geplantAb: eingabe.geplantAb ?? null,
    pilotAb: eingabe.pilotAb ?? null,
    produktivAb: eingabe.produktivAb ?? null,
    geschultAnzahl: eingabe.geschultAnzahl ?? null,
    geschultProzent: eingabe.geschultProzent ?? null,
  };
  const fehler: FieldProblem[] = [];
  if (zeile.welle === "pilot" && !zeile.pilotAb)
    fehler.push({ feld: "/pilotAb", meldung: "Für die Pilotphase fehlt das Datum des Pilotstarts." });
  if (zeile.welle === "produktiv" && !zeile.produktivAb)
    fehler.push({
      feld: "/produktivAb",
      meldung: "Für den Produktivbetrieb fehlt das Datum des Produktivstarts.",
    });
  const folge = [zeile.geplantAb, zeile.pilotAb, zeile.produktivAb].filter((d): d is string => d !== null);
  if (folge.some((d, i) => i > 0 && d < folge[i - 1]!))
    fehler.push({
      feld: "/produktivAb",
      meldung: "Die Daten müssen der Reihe nach liegen: geplant, Pilot, produktiv.",
    });
  if (zeile.geschultAnzahl !== null && zeile.geschultProzent !== null)
    fehler.push({
      feld: "/geschultProzent",
      meldung: "Bitte die Geschulten entweder als Zahl oder als Anteil angeben.",
    });
  const personen = gruppen.personen.get(oeId) ?? 0;
  if (zeile.geschultAnzahl !== null && zeile.geschultAnzahl > personen)
    fehler.push({
      feld: "/geschultAnzahl",
      meldung: "Es sind mehr Geschulte angegeben, als die Organisationseinheit Mitglieder hat.",
    });
  if (fehler.length > 0)
    throw new AppError("ungueltige_eingabe", fehler.map((f) => f.meldung).join(" "), { fehler });
  await ctx.db.transaction(async (tx) => {
    await repo.speichereEinfuehrung(tx, zeile, ctx.clock.now(), actor.benutzer.id);
    await schreibeProtokollInTx(tx, ctx.clock, {
      akteur: actor,
      aktion: "einfuehrung.geaendert",
      objektArt: "organisationseinheit",
      objektId: oeId,
      details: {
        welle: zeile.welle,
        geplantAb: zeile.geplantAb,
        pilotAb: zeile.pilotAb,
        produktivAb: zeile.produktivAb,
        geschultAnzahl: zeile.geschultAnzahl,
        geschultProzent: zeile.geschultProzent,
      },
    });
  });
  return stand(o, gruppen, zeile);
}
