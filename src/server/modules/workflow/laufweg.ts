import { istDatum } from "../../platform/clock.js";
import { AppError, type FieldProblem } from "../../platform/errors.js";
import {
  schrittArten,
  type Aktion,
  type SchrittArt,
  type SchrittEingabe,
  type SchrittStatus,
} from "./workflow.types.js";

// The route of a Geschäftsgang as data: its order in Stufen (steps of one Stufe run in parallel),
// the rules every route keeps, what opens next, and the Rücklauf after a refusal. Pure functions,
// no database.

/** A step that is done with: it never opens again. */
export const ABSCHLUSS: SchrittStatus[] = ["erledigt", "uebersprungen"];

/** Whether a step is past its Frist on `tag` (a finished step never is). */
export function istUeberfaellig(s: { frist: string | null; status: SchrittStatus }, tag: string): boolean {
  return s.frist !== null && !ABSCHLUSS.includes(s.status) && s.frist < tag;
}

/**
 * The Stufe of each step: in list order one after another ("parallel" joins the one before), or,
 * when steps name the steps they wait for ("nach"), the longest path to them. A cycle is refused
 * and named.
 */
export function berechneStufen(schritte: SchrittEingabe[]): number[] {
  if (!schritte.some((s) => s.nach?.length)) {
    let stufe = 0;
    return schritte.map((s, i) => (i > 0 && s.parallel ? stufe : ++stufe));
  }
  const index = new Map<string, number>();
  schritte.forEach((s, i) => {
    const key = s.schluessel?.trim();
    if (!key) return;
    if (index.has(key))
      throw new AppError("ungueltige_eingabe", `Der Schlüssel „${key}“ kommt im Laufweg doppelt vor.`, {
        fehler: [{ feld: `/schritte/${i}/schluessel`, meldung: "Doppelter Schlüssel." }],
      });
    index.set(key, i);
  });
  const vorgaenger = schritte.map((s, i) =>
    (s.nach ?? []).map((n) => {
      const j = index.get(n);
      if (j === undefined)
        throw new AppError("ungueltige_eingabe", `Schritt ${i + 1} wartet auf „${n}“, den es nicht gibt.`, {
          fehler: [{ feld: `/schritte/${i}/nach`, meldung: `Unbekannter Schritt „${n}“.` }],
        });
      return j;
    }),
  );
  const stufen: number[] = new Array<number>(schritte.length).fill(0);
  const zustand: ("neu" | "aktiv" | "fertig")[] = schritte.map(() => "neu");
  const name = (i: number) => schritte[i]!.schluessel ?? `Schritt ${i + 1}`;
  const besuche = (i: number, pfad: number[]): number => {
    if (zustand[i] === "fertig") return stufen[i]!;
    if (zustand[i] === "aktiv") {
      const kreis = [...pfad.slice(pfad.indexOf(i)), i].map(name).join(" → ");
      throw new AppError("ungueltige_eingabe", `Der Laufweg enthält einen Kreis: ${kreis}.`, {
        fehler: [{ feld: `/schritte/${i}/nach`, meldung: "Kreis im Laufweg." }],
      });
    }
    zustand[i] = "aktiv";
    let stufe = 1;
    for (const j of vorgaenger[i]!) stufe = Math.max(stufe, besuche(j, [...pfad, i]) + 1);
    zustand[i] = "fertig";
    stufen[i] = stufe;
    return stufe;
  };
  schritte.forEach((_, i) => besuche(i, []));
  return stufen;
}

/** Rules every route keeps; checked at the start and after every change. */
export function pruefeLaufweg(
  schritte: { art: SchrittArt; stufe: number; status: SchrittStatus }[],
  zeichnungVorAbgang: boolean,
): void {
  const aktiv = schritte.filter((s) => s.status !== "uebersprungen");
  if (!aktiv.length)
    throw new AppError("ungueltige_eingabe", "Ein Geschäftsgang braucht mindestens einen Schritt.");
  const letzte = Math.max(...aktiv.map((s) => s.stufe));
  const zda = aktiv.filter((s) => s.art === "zdA");
  if (
    zda.length > 1 ||
    zda.some((s) => s.stufe !== letzte || aktiv.filter((x) => x.stufe === letzte).length > 1)
  )
    throw new AppError(
      "ungueltige_eingabe",
      "zdA kann nur einmal vorkommen und muss der letzte Schritt sein.",
      {
        fehler: [{ feld: "/schritte", meldung: "zdA ans Ende stellen." }],
      },
    );
  if (zeichnungVorAbgang) {
    for (const abgang of aktiv.filter((s) => s.art === "Abgang")) {
      if (!aktiv.some((s) => s.art === "Zeichnung" && s.stufe < abgang.stufe))
        throw new AppError(
          "ungueltige_eingabe",
          "Die Laufwegvorlage verlangt vor dem Abgang eine Zeichnung; im Laufweg fehlt sie.",
          { fehler: [{ feld: "/schritte", meldung: "Zeichnung vor dem Abgang einfügen." }] },
        );
    }
  }
}

/** What is wrong with one step as given (kind, Frist not past `tag`, length of the text). */
export function pruefeSchritt(s: SchrittEingabe, i: number, tag: string): FieldProblem[] {
  const fehler: FieldProblem[] = [];
  if (!schrittArten.includes(s.art))
    fehler.push({
      feld: `/schritte/${i}/art`,
      meldung: `Unbekannte Art; möglich: ${schrittArten.join(", ")}.`,
    });
  if (s.frist) {
    if (!istDatum(s.frist))
      fehler.push({ feld: `/schritte/${i}/frist`, meldung: "Datum der Form JJJJ-MM-TT." });
    else if (s.frist < tag)
      fehler.push({ feld: `/schritte/${i}/frist`, meldung: "Die Frist liegt in der Vergangenheit." });
  }
  if ((s.verfuegungstext ?? "").length > 4000)
    fehler.push({ feld: `/schritte/${i}/verfuegungstext`, meldung: "Höchstens 4000 Zeichen." });
  return fehler;
}

/** The steps of a Laufwegvorlage: known kinds, a valid graph, a Zeichnung before every Abgang if required. */
export function pruefeVorlagenSchritte(schritte: SchrittEingabe[], zeichnungVorAbgang: boolean): void {
  if (!schritte.length || schritte.some((s) => !schrittArten.includes(s.art)))
    throw new AppError("ungueltige_eingabe", "Die Vorlage braucht Schritte bekannter Art.", {
      fehler: [{ feld: "/schritte", meldung: `Arten: ${schrittArten.join(", ")}.` }],
    });
  const stufen = berechneStufen(schritte);
  if (zeichnungVorAbgang)
    for (const [i, s] of schritte.entries())
      if (s.art === "Abgang" && !schritte.some((z, j) => z.art === "Zeichnung" && stufen[j]! < stufen[i]!))
        throw new AppError(
          "ungueltige_eingabe",
          "Die Vorlage verlangt vor dem Abgang eine Zeichnung; sie fehlt.",
          {
            fehler: [{ feld: "/schritte", meldung: "Zeichnung vor dem Abgang einfügen." }],
          },
        );
}

/** Whether a Laufwegvorlage fits a Vorgang: its OE (or none) and its part of the Aktenplan (or all). */
export function vorlagePasst(
  v: { oe_id: string | null; aktenplan_praefix: string | null },
  oeId: string,
  kennzeichen: string,
): boolean {
  return (
    (v.oe_id === null || v.oe_id === oeId) &&
    (v.aktenplan_praefix === null ||
      kennzeichen === v.aktenplan_praefix ||
      kennzeichen.startsWith(`${v.aktenplan_praefix}.`))
  );
}

// --- a running route ----------------------------------------------------------------------------

/** What happens after a change: wait for open steps, open the next Stufe, or end the route. */
export type Fortgang = { art: "warten" } | { art: "oeffnen"; ids: string[] } | { art: "ende" };

/**
 * While a step is open the route waits; else the lowest waiting Stufe opens (all its steps at
 * once); with none left the route ends.
 */
export function naechsterFortgang(
  schritte: { id: string; stufe: number; status: SchrittStatus }[],
): Fortgang {
  if (schritte.some((s) => s.status === "offen")) return { art: "warten" };
  const wartend = schritte.filter((s) => s.status === "wartend");
  if (!wartend.length) return { art: "ende" };
  const stufe = Math.min(...wartend.map((s) => s.stufe));
  return { art: "oeffnen", ids: wartend.filter((s) => s.stufe === stufe).map((s) => s.id) };
}

/** The Stufe a new step goes after: as asked, or after the last; never before the open one. */
export function einfuegenNach(
  schritte: { stufe: number; status: SchrittStatus }[],
  nachStufe?: number,
): number {
  const aktuell = Math.min(...schritte.filter((s) => s.status === "offen").map((s) => s.stufe));
  const nach = nachStufe ?? Math.max(...schritte.map((s) => s.stufe));
  if (!Number.isInteger(nach) || nach < (Number.isFinite(aktuell) ? aktuell : 1))
    throw new AppError("ungueltige_eingabe", "Vor dem laufenden Schritt lässt sich nichts einfügen.", {
      fehler: [{ feld: "/nachStufe", meldung: "Stufe ab der laufenden angeben." }],
    });
  return nach;
}

/**
 * A new order of the waiting steps (a list of Stufen, each a list of step ids): it must name each
 * waiting step exactly once; empty Stufen drop out. Returns the Stufen in order with their numbers,
 * which follow the highest Stufe already reached.
 */
export function neueOrdnung(
  schritte: { id: string; stufe: number; status: SchrittStatus }[],
  stufen: string[][],
): { stufe: number; ids: string[] }[] {
  const wartend = schritte.filter((s) => s.status === "wartend").map((s) => s.id);
  const neu = stufen.filter((st) => st.length > 0);
  const genannt = neu.flat();
  if (
    genannt.length !== wartend.length ||
    new Set(genannt).size !== genannt.length ||
    !genannt.every((id) => wartend.includes(id))
  )
    throw new AppError(
      "ungueltige_eingabe",
      "Die neue Reihenfolge muss genau die wartenden Schritte enthalten.",
      {
        fehler: [{ feld: "/stufen", meldung: "Jeden wartenden Schritt genau einmal nennen." }],
      },
    );
  const basis = Math.max(0, ...schritte.filter((s) => s.status !== "wartend").map((s) => s.stufe));
  return neu.map((ids, i) => ({ stufe: basis + 1 + i, ids }));
}

/** A step to insert into a running route (its Stufe follows from where it goes). */
export interface EinzufuegenderSchritt {
  art: SchrittArt;
  benutzerId: string | null;
  oeId: string | null;
  frist: string | null;
  verfuegungstext: string;
}

/**
 * The Rücklauf after a refused Mitzeichnung or a step given back: a Bearbeitung by the Ersteller
 * to revise, then the same step (same addressee and text) again. Null for every other action.
 */
export function ruecklauf(
  aktion: Aktion,
  schritt: {
    art: SchrittArt;
    adressat_benutzer_id: string | null;
    adressat_oe_id: string | null;
    verfuegungstext: string;
  },
  erstellerId: string,
  von: string,
  begruendung: string | null,
): EinzufuegenderSchritt[] | null {
  if (aktion !== "ablehnen" && aktion !== "zurueckgeben") return null;
  return [
    {
      art: "Bearbeitung",
      benutzerId: erstellerId,
      oeId: null,
      frist: null,
      verfuegungstext: `Überarbeiten: ${aktion === "ablehnen" ? "Mitzeichnung abgelehnt" : "zurückgegeben"} von ${von} – ${begruendung}`,
    },
    {
      art: schritt.art,
      benutzerId: schritt.adressat_benutzer_id,
      oeId: schritt.adressat_oe_id,
      frist: null,
      verfuegungstext: schritt.verfuegungstext,
    },
  ];
}
