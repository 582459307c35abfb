import { describe, expect, it } from "vitest";
import { schreibweisen, teileAllerWoerter, zerlege } from "./deutsch.js";

describe("German for search", () => {
  it("splits compounds into their base words, also with linking elements", () => {
    expect(zerlege("bauantrag")).toEqual(["antrag", "bau"]);
    expect(zerlege("baugenehmigungsverfahren")).toEqual(["verfahren", "genehmigung", "bau"]);
    expect(zerlege("widerspruchsbescheid")).toEqual(["bescheid", "widerspruch"]);
    expect(zerlege("abwassergebühren")).toEqual([]);
    expect(zerlege("abwassergebühr")).toEqual(["gebühr", "abwasser"]);
    expect(zerlege("antrag")).toEqual([]);
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
