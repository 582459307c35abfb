import { describe, expect, it } from "vitest";
import { AppError } from "../../platform/errors.js";
import {
  berechneStufen,
  einfuegenNach,
  istUeberfaellig,
  naechsterFortgang,
  neueOrdnung,
  pruefeLaufweg,
  pruefeSchritt,
  pruefeVorlagenSchritte,
  ruecklauf,
  vorlagePasst,
} from "./laufweg.js";
import type { SchrittArt, SchrittEingabe, SchrittStatus } from "./workflow.types.js";

const an = { benutzer: "mueller" };
const schritt = (art: SchrittArt, mehr: Partial<SchrittEingabe> = {}): SchrittEingabe => ({
  art,
  adressat: an,
  ...mehr,
});

/** The AppError `f` throws (fails when it throws none or something else). */
function fehlerVon(f: () => unknown): AppError {
  try {
    f();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("kein Fehler");
}

describe("berechneStufen: order, parallel steps, graphs", () => {
  it("puts a list one after another, a parallel step beside the one before", () => {
    expect(berechneStufen([schritt("Bearbeitung"), schritt("Mitzeichnung"), schritt("Zeichnung")])).toEqual([
      1, 2, 3,
    ]);
    expect(
      berechneStufen([
        schritt("Bearbeitung"),
        schritt("Mitzeichnung"),
        schritt("Mitzeichnung", { parallel: true }),
        schritt("Mitzeichnung", { parallel: true }),
        schritt("Zeichnung"),
      ]),
    ).toEqual([1, 2, 2, 2, 3]);
    // A first step marked parallel has nothing to run beside.
    expect(berechneStufen([schritt("Bearbeitung", { parallel: true }), schritt("zdA")])).toEqual([1, 2]);
    expect(berechneStufen([])).toEqual([]);
  });

  it("places each step of a graph after the longest path to it, whatever the list order", () => {
    const stufen = berechneStufen([
      schritt("zdA", { schluessel: "ende", nach: ["abgang"] }),
      schritt("Abgang", { schluessel: "abgang", nach: ["zeichnung"] }),
      schritt("Zeichnung", { schluessel: "zeichnung", nach: ["mz1", "mz2"] }),
      schritt("Mitzeichnung", { schluessel: "mz1", nach: ["entwurf"] }),
      schritt("Mitzeichnung", { schluessel: "mz2", nach: ["mz1"] }),
      schritt("Bearbeitung", { schluessel: "entwurf" }),
      schritt("Kenntnisnahme", { schluessel: "info", nach: ["entwurf"] }),
    ]);
    expect(stufen).toEqual([6, 5, 4, 2, 3, 1, 2]);
  });

  it("refuses a cycle and names it, and unknown or doubled keys", () => {
    const kreis = fehlerVon(() =>
      berechneStufen([
        schritt("Bearbeitung", { schluessel: "a", nach: ["c"] }),
        schritt("Mitzeichnung", { schluessel: "b", nach: ["a"] }),
        schritt("Zeichnung", { schluessel: "c", nach: ["b"] }),
      ]),
    );
    expect(kreis.code).toBe("ungueltige_eingabe");
    expect(kreis.message).toBe("Der Laufweg enthält einen Kreis: a → c → b → a.");
    expect(kreis.fehler).toEqual([{ feld: "/schritte/0/nach", meldung: "Kreis im Laufweg." }]);

    const selbst = fehlerVon(() =>
      berechneStufen([schritt("Bearbeitung", { schluessel: "a", nach: ["a"] })]),
    );
    expect(selbst.message).toBe("Der Laufweg enthält einen Kreis: a → a.");

    const unbekannt = fehlerVon(() =>
      berechneStufen([schritt("Bearbeitung", { schluessel: "a" }), schritt("zdA", { nach: ["x"] })]),
    );
    expect(unbekannt.message).toBe("Schritt 2 wartet auf „x“, den es nicht gibt.");
    expect(unbekannt.fehler?.[0]?.feld).toBe("/schritte/1/nach");

    const doppelt = fehlerVon(() =>
      berechneStufen([
        schritt("Bearbeitung", { schluessel: "a" }),
        schritt("Zeichnung", { schluessel: " a ", nach: ["a"] }),
      ]),
    );
    expect(doppelt.message).toBe("Der Schlüssel „a“ kommt im Laufweg doppelt vor.");
  });
});

describe("pruefeLaufweg: rules every route keeps", () => {
  const s = (art: SchrittArt, stufe: number, status: SchrittStatus = "wartend") => ({ art, stufe, status });

  it("needs a step that is not skipped", () => {
    expect(fehlerVon(() => pruefeLaufweg([], false)).message).toBe(
      "Ein Geschäftsgang braucht mindestens einen Schritt.",
    );
    expect(() => pruefeLaufweg([s("Bearbeitung", 1, "uebersprungen")], false)).toThrow(AppError);
  });

  it("keeps zdA once, last and alone on its Stufe", () => {
    expect(() => pruefeLaufweg([s("Bearbeitung", 1), s("zdA", 2)], false)).not.toThrow();
    const meldung = "zdA kann nur einmal vorkommen und muss der letzte Schritt sein.";
    expect(fehlerVon(() => pruefeLaufweg([s("zdA", 1), s("Bearbeitung", 2)], false)).message).toBe(meldung);
    expect(fehlerVon(() => pruefeLaufweg([s("zdA", 1), s("zdA", 2)], false)).message).toBe(meldung);
    expect(fehlerVon(() => pruefeLaufweg([s("Kenntnisnahme", 2), s("zdA", 2)], false)).message).toBe(meldung);
    // A skipped step after zdA no longer counts.
    expect(() =>
      pruefeLaufweg([s("zdA", 1, "offen"), s("Bearbeitung", 2, "uebersprungen")], false),
    ).not.toThrow();
  });

  it("wants a Zeichnung on an earlier Stufe than every Abgang when the template says so", () => {
    const ohne = [s("Bearbeitung", 1), s("Abgang", 2)];
    expect(() => pruefeLaufweg(ohne, false)).not.toThrow();
    expect(fehlerVon(() => pruefeLaufweg(ohne, true)).message).toBe(
      "Die Laufwegvorlage verlangt vor dem Abgang eine Zeichnung; im Laufweg fehlt sie.",
    );
    expect(() => pruefeLaufweg([s("Zeichnung", 2), s("Abgang", 2)], true)).toThrow(AppError);
    expect(() => pruefeLaufweg([s("Zeichnung", 1, "uebersprungen"), s("Abgang", 2)], true)).toThrow(AppError);
    expect(() => pruefeLaufweg([s("Zeichnung", 1), s("Abgang", 2), s("zdA", 3)], true)).not.toThrow();
  });
});

describe("pruefeSchritt and pruefeVorlagenSchritte", () => {
  it("names the fields of a step that are wrong", () => {
    expect(pruefeSchritt(schritt("Bearbeitung", { frist: "2026-12-01" }), 0, "2026-12-01")).toEqual([]);
    expect(
      pruefeSchritt(
        { art: "Kaffee" as SchrittArt, adressat: an, frist: "2026-11-30", verfuegungstext: "x".repeat(4001) },
        2,
        "2026-12-01",
      ),
    ).toEqual([
      {
        feld: "/schritte/2/art",
        meldung: "Unbekannte Art; möglich: Bearbeitung, Mitzeichnung, Kenntnisnahme, Zeichnung, Abgang, zdA.",
      },
      { feld: "/schritte/2/frist", meldung: "Die Frist liegt in der Vergangenheit." },
      { feld: "/schritte/2/verfuegungstext", meldung: "Höchstens 4000 Zeichen." },
    ]);
    expect(pruefeSchritt(schritt("Bearbeitung", { frist: "1.12.2026" }), 0, "2026-12-01")).toEqual([
      { feld: "/schritte/0/frist", meldung: "Datum der Form JJJJ-MM-TT." },
    ]);
  });

  it("checks a template's steps: known kinds, a graph without cycles, Zeichnung before Abgang", () => {
    expect(() => pruefeVorlagenSchritte([schritt("Zeichnung"), schritt("Abgang")], true)).not.toThrow();
    expect(fehlerVon(() => pruefeVorlagenSchritte([], true)).message).toBe(
      "Die Vorlage braucht Schritte bekannter Art.",
    );
    expect(fehlerVon(() => pruefeVorlagenSchritte([schritt("Abgang")], true)).message).toBe(
      "Die Vorlage verlangt vor dem Abgang eine Zeichnung; sie fehlt.",
    );
    expect(() => pruefeVorlagenSchritte([schritt("Abgang")], false)).not.toThrow();
    expect(() =>
      pruefeVorlagenSchritte([schritt("Zeichnung"), schritt("Abgang", { parallel: true })], true),
    ).toThrow(AppError);
  });

  it("matches a template to the Vorgang's OE and part of the Aktenplan", () => {
    const v = (oe_id: string | null, aktenplan_praefix: string | null) => ({ oe_id, aktenplan_praefix });
    expect(vorlagePasst(v(null, null), "oe1", "63.10")).toBe(true);
    expect(vorlagePasst(v("oe1", "63"), "oe1", "63.10")).toBe(true);
    expect(vorlagePasst(v("oe1", "63.10"), "oe1", "63.10")).toBe(true);
    expect(vorlagePasst(v("oe2", null), "oe1", "63.10")).toBe(false);
    expect(vorlagePasst(v(null, "6"), "oe1", "63.10")).toBe(false);
    expect(vorlagePasst(v(null, "63.1"), "oe1", "63.10")).toBe(false);
  });
});

describe("a running route: what opens next, insert, reorder, Rücklauf", () => {
  const s = (id: string, stufe: number, status: SchrittStatus) => ({ id, stufe, status });

  it("waits while a step is open, then opens the whole lowest waiting Stufe, then ends", () => {
    expect(naechsterFortgang([s("a", 1, "erledigt"), s("b", 2, "offen"), s("c", 3, "wartend")])).toEqual({
      art: "warten",
    });
    expect(
      naechsterFortgang([
        s("a", 1, "erledigt"),
        s("d", 4, "wartend"),
        s("b", 2, "uebersprungen"),
        s("c1", 3, "wartend"),
        s("c2", 3, "wartend"),
      ]),
    ).toEqual({ art: "oeffnen", ids: ["c1", "c2"] });
    expect(naechsterFortgang([s("a", 1, "erledigt"), s("b", 2, "uebersprungen")])).toEqual({ art: "ende" });
    expect(naechsterFortgang([])).toEqual({ art: "ende" });
  });

  it("inserts after the asked Stufe or after the last, never before the open one", () => {
    const lauf = [s("a", 1, "erledigt"), s("b", 2, "offen"), s("c", 3, "wartend")];
    expect(einfuegenNach(lauf)).toBe(3);
    expect(einfuegenNach(lauf, 2)).toBe(2);
    expect(fehlerVon(() => einfuegenNach(lauf, 1)).message).toBe(
      "Vor dem laufenden Schritt lässt sich nichts einfügen.",
    );
    // Nothing open: from Stufe 1 on.
    expect(einfuegenNach([s("a", 1, "wartend")], 1)).toBe(1);
    expect(() => einfuegenNach([s("a", 1, "wartend")], 0)).toThrow(AppError);
  });

  it("reorders exactly the waiting steps, numbered after the Stufen already reached", () => {
    const lauf = [s("a", 1, "erledigt"), s("b", 2, "offen"), s("c", 3, "wartend"), s("d", 4, "wartend")];
    expect(neueOrdnung(lauf, [["d"], [], ["c"]])).toEqual([
      { stufe: 3, ids: ["d"] },
      { stufe: 4, ids: ["c"] },
    ]);
    expect(neueOrdnung(lauf, [["c", "d"]])).toEqual([{ stufe: 3, ids: ["c", "d"] }]);
    const meldung = "Die neue Reihenfolge muss genau die wartenden Schritte enthalten.";
    expect(fehlerVon(() => neueOrdnung(lauf, [["c"]])).message).toBe(meldung);
    expect(fehlerVon(() => neueOrdnung(lauf, [["c"], ["c"]])).message).toBe(meldung);
    expect(fehlerVon(() => neueOrdnung(lauf, [["c"], ["b"]])).message).toBe(meldung);
    expect(neueOrdnung([s("c", 1, "wartend")], [["c"]])).toEqual([{ stufe: 1, ids: ["c"] }]);
  });

  it("sends a refused or returned step back to the Ersteller, then to the same addressee again", () => {
    const mz = {
      art: "Mitzeichnung" as const,
      adressat_benutzer_id: null,
      adressat_oe_id: "oe-recht",
      verfuegungstext: "Bitte prüfen",
    };
    expect(ruecklauf("ablehnen", mz, "ersteller", "Erika Muster", "Fehlt § 3")).toEqual([
      {
        art: "Bearbeitung",
        benutzerId: "ersteller",
        oeId: null,
        frist: null,
        verfuegungstext: "Überarbeiten: Mitzeichnung abgelehnt von Erika Muster – Fehlt § 3",
      },
      {
        art: "Mitzeichnung",
        benutzerId: null,
        oeId: "oe-recht",
        frist: null,
        verfuegungstext: "Bitte prüfen",
      },
    ]);
    expect(ruecklauf("zurueckgeben", { ...mz, art: "Zeichnung" }, "e", "X", "Y")?.[0]?.verfuegungstext).toBe(
      "Überarbeiten: zurückgegeben von X – Y",
    );
    expect(ruecklauf("zustimmen", mz, "e", "X", null)).toBeNull();
  });

  it("flags a step past its Frist unless it is done", () => {
    expect(istUeberfaellig({ frist: "2026-11-30", status: "offen" }, "2026-12-01")).toBe(true);
    expect(istUeberfaellig({ frist: "2026-12-01", status: "offen" }, "2026-12-01")).toBe(false);
    expect(istUeberfaellig({ frist: "2026-11-30", status: "erledigt" }, "2026-12-01")).toBe(false);
    expect(istUeberfaellig({ frist: null, status: "wartend" }, "2026-12-01")).toBe(false);
  });
});
