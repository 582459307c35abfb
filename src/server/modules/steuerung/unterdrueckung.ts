/**
 * Which OEs may show figures at all: the rule a Dienstvereinbarung cites. A figure is shown only
 * for an OE whose group (the OE and everything below it) has at least `MINDESTGRUPPE` people, and
 * the set of shown OEs is chosen once for the whole tree, so that no difference of shown figures
 * describes fewer people: for every shown OE, the OEs below it that are not covered by a shown
 * OE further down (its "rest") hold either nobody or at least five people. Otherwise "figure of
 * the Amt minus figures of its Sachgebiete" would single out the two people of the Amt's own
 * staff. Where a rest is too small, the smallest shown OE below is hidden too, so its people join
 * the rest, until every rest is empty or large enough. Because the choice depends only on the
 * tree and its members, never on the figures or on who asks, two overlapping views (the Kreis
 * and a Dezernat, a Dezernat and its Amt, two time ranges) cannot be subtracted into a smaller
 * group either.
 */
export const MINDESTGRUPPE = 5;

/** The whole county: a group above the top OEs, so "Kreis minus its Dezernate" is a rest too. */
export const KREIS = "kreis";

export interface OeKnoten {
  id: string;
  parentId: string | null;
  mitglieder: readonly string[];
}

export interface Gruppen {
  /** OEs whose figures may be shown. */
  zeigbar: ReadonlySet<string>;
  /** People in the OE and below (distinct). */
  personen: ReadonlyMap<string, number>;
  /** For each OE, its OE and all below it. */
  unterbaum: ReadonlyMap<string, readonly string[]>;
}

export function bildeGruppen(knoten: readonly OeKnoten[]): Gruppen {
  const kinder = new Map<string, OeKnoten[]>();
  const ids = new Set(knoten.map((k) => k.id));
  for (const k of knoten) {
    const parent = k.parentId !== null && ids.has(k.parentId) ? k.parentId : KREIS;
    kinder.set(parent, [...(kinder.get(parent) ?? []), k]);
  }
  const unterbaum = new Map<string, string[]>();
  const mitglieder = new Map(knoten.map((k) => [k.id, k.mitglieder]));
  const sammle = (id: string, besucht: Set<string>): string[] => {
    if (unterbaum.has(id)) return unterbaum.get(id)!;
    if (besucht.has(id)) return [];
    besucht.add(id);
    const liste = [id, ...(kinder.get(id) ?? []).flatMap((k) => sammle(k.id, besucht))];
    unterbaum.set(id, liste);
    return liste;
  };
  sammle(KREIS, new Set());
  for (const k of knoten) sammle(k.id, new Set());
  const personenIn = (oes: Iterable<string>): number => {
    const menge = new Set<string>();
    for (const oe of oes) for (const p of mitglieder.get(oe) ?? []) menge.add(p);
    return menge.size;
  };
  const personen = new Map([...unterbaum].map(([id, oes]) => [id, personenIn(oes)]));
  const zeigbar = new Set([...personen].filter(([, n]) => n >= MINDESTGRUPPE).map(([id]) => id));

  // The shown OEs right below `id` (not below another shown OE), and the rest they leave.
  const naechsteZeigbare = (id: string): string[] => {
    const ergebnis: string[] = [];
    const gehe = (oe: string) => {
      for (const k of kinder.get(oe) ?? []) {
        if (zeigbar.has(k.id)) ergebnis.push(k.id);
        else gehe(k.id);
      }
    };
    gehe(id);
    return ergebnis;
  };
  const rest = (id: string, unten: string[]): number => {
    const gedeckt = new Set(unten.flatMap((u) => unterbaum.get(u) ?? []));
    return personenIn((unterbaum.get(id) ?? []).filter((oe) => !gedeckt.has(oe)));
  };
  for (let geaendert = true; geaendert;) {
    geaendert = false;
    for (const id of [...zeigbar]) {
      const unten = naechsteZeigbare(id);
      const r = rest(id, unten);
      if (r > 0 && r < MINDESTGRUPPE && unten.length > 0) {
        const kleinste = unten.reduce((a, b) => (personen.get(a)! <= personen.get(b)! ? a : b));
        zeigbar.delete(kleinste);
        geaendert = true;
      }
    }
  }
  return { zeigbar, personen, unterbaum };
}
