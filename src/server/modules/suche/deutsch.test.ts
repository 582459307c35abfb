import { describe, expect, it } from "vitest";
import {
  faltung,
  gefalteteWoerter,
  istAbleitung,
  leseAnfrage,
  moeglicheTeile,
  schreibweisen,
  teileAllerWoerter,
  umlautiere,
  zerlege,
} from "./deutsch.js";

/** A lexicon as the index collects it: the words of texts, as written. */
const lexikon = (...w: string[]) => {
  const set = new Set(w);
  return (wort: string) => set.has(wort);
};

describe("German for search", () => {
  it("splits compounds into their base words, also with linking elements", () => {
    expect(zerlege("bauantrag")).toEqual(["antrag", "bau"]);
    expect(zerlege("baugenehmigungsverfahren")).toEqual(["verfahren", "genehmigung", "bau"]);
    expect(zerlege("widerspruchsbescheid")).toEqual(["bescheid", "widerspruch"]);
    expect(zerlege("abwassergebühren")).toEqual(["gebühr", "abwasser"]);
    expect(zerlege("antrag")).toEqual([]);
    expect(zerlege("verwaltung")).toEqual([]);
  });

  it("splits against the index's own words: Fugen, elided -e, inflected heads, parts of parts", () => {
    const w = lexikon("streuobst", "wiese", "wiesen", "kirche", "kleinkläranlage", "rückhalt", "becken");
    expect(zerlege("streuobstwiesen", w)).toEqual(["wiesen", "streuobst"]);
    // Elided -e: "kirch|platz" from "kirche".
    expect(zerlege("kirchplatz", w)).toEqual(["platz", "kirche"]);
    expect(zerlege("hochwasserrückhaltebecken", w)).toEqual(["becken", "rückhalt", "wasser"]);
    // A known compound as a part, and its own parts.
    expect(zerlege("kleinkläranlagenbetrieb", w)).toEqual(["betrieb", "kleinkläranlage", "anlage"]);
    // Without the lexicon, the unknown words do not split.
    expect(zerlege("streuobstwiesen")).toEqual([]);
  });

  it("keeps a long head when the front is unknown, but no derived words or function-word parts", () => {
    expect(zerlege("photovoltaikfreiflächenanlage")).toEqual(["anlage", "fläche"]);
    expect(zerlege("hochwasserrückhaltebecken", lexikon("rückhalt", "becken"))).toEqual([
      "becken",
      "rückhalt",
      "wasser",
    ]);
    const w = lexikon("fahren", "lagen", "lung", "stand");
    expect(zerlege("verfahren", w)).toEqual([]);
    expect(zerlege("unterlagen", w)).toEqual([]);
    expect(zerlege("entwicklung", w)).toEqual([]);
    expect(istAbleitung("verfahren", "fahren")).toBe(true);
    expect(istAbleitung("abwasserverfahren", "verfahren")).toBe(false);
  });

  it("asks the lexicon only about inner substrings of a word", () => {
    const teile = moeglicheTeile("bauantrag");
    expect(teile).toContain("antrag");
    expect(teile).toContain("baua");
    expect(teile).not.toContain("bauantrag");
    expect(moeglicheTeile("2025")).toEqual([]);
  });

  it("collects the parts of every word of a text", () => {
    expect(teileAllerWoerter("Der Bauantrag und der Widerspruchsbescheid").sort()).toEqual([
      "antrag",
      "bau",
      "bescheid",
      "widerspruch",
    ]);
    expect(teileAllerWoerter("Abwassergebühren").sort()).toEqual(["abwasser", "gebühr"]);
  });

  it("spells umlauts both ways", () => {
    expect(schreibweisen("mueller")).toContain("müller");
    expect(schreibweisen("müller")).toContain("mueller");
    expect(schreibweisen("strasse")).toContain("straße");
  });
});

describe("Names (DIN 91379) and queries", () => {
  it("folds letters beyond German to what a German keyboard types", () => {
    expect(faltung("Dvořák")).toBe("dvorak");
    expect(faltung("Łukasiewicz")).toBe("lukasiewicz");
    expect(faltung("Nguyễn")).toBe("nguyen");
    expect(faltung("Søndergaard")).toBe("sondergaard");
    expect(faltung("Đorđević")).toBe("dordevic");
    expect(faltung("Müller")).toBe("mueller");
    expect(gefalteteWoerter("Herr Dvořák und Frau Müller")).toEqual(["dvorak"]);
    expect(schreibweisen("çelik")).toContain("celik");
    expect(umlautiere("baum")).toBe("bäum");
    expect(umlautiere("antrag")).toBe("anträg");
    expect(umlautiere("haus")).toBe("häus");
  });

  it("reads phrases and excluded words from a query", () => {
    expect(leseAnfrage('Baumfällung -Eiche "sofortige Vollziehung" -"Tag der offenen Tür"')).toEqual({
      begriffe: ["baumfällung", "sofortige vollziehung"],
      ohne: ["eiche", "tag der offenen tür"],
    });
    expect(leseAnfrage("Bau-Antrag 63.20-118/2019")).toEqual({
      begriffe: ["bau", "antrag", "63.20-118/2019"],
      ohne: [],
    });
    expect(leseAnfrage('-Eiche " "')).toEqual({ begriffe: [], ohne: ["eiche"] });
  });
});
