import { describe, expect, it } from "vitest";
import { feldText, ungueltigeEingabe } from "./errors.js";

describe("Problem joiner", () => {
  it("names fields in words, never as a JSON pointer", () => {
    expect(feldText("/schritte/0/adressat/benutzer")).toBe("Schritte › Nr. 1 › Adressat › Benutzer");
    expect(feldText("/fremdesGeschaeftszeichen")).toBe("Fremdes Geschaeftszeichen");
    expect(feldText("query:/q")).toBe("Q");
    expect(feldText("/")).toBe("Eingabe");
  });

  it("joins every field problem into one German detail and keeps the pointers for the form", () => {
    const e = ungueltigeEingabe([
      { feld: "/betreff", meldung: "Pflichtfeld fehlt." },
      { feld: "/schritte/1/frist", meldung: "Kein gültiges Datum." },
    ]);
    expect(e.detail).toBe("Betreff: Pflichtfeld fehlt. Schritte › Nr. 2 › Frist: Kein gültiges Datum.");
    expect(e.detail).not.toMatch(/\/\w/);
    expect(e.fehler?.map((f) => f.feld)).toEqual(["/betreff", "/schritte/1/frist"]);
  });
});
