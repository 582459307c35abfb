import { describe, expect, it } from "vitest";
import type { Akteur, Rolle } from "../access/index.js";
import {
  darfAufbewahrungPflegen,
  darfAussondern,
  darfBewerten,
  darfLoeschprotokollSehen,
  darfLoeschsperreAufheben,
  darfLoeschsperreSetzen,
  darfXdomeaAustauschen,
  verlangeXdomeaAustausch,
} from "./aussonderung.policy.js";

/** A signed-in user with the given roles, each in its own OE. */
function akteur(...rollen: Rolle[]): Akteur {
  return {
    benutzer: {
      id: "00000000-0000-4000-8000-000000000001",
      benutzername: "test",
      vorname: "Test",
      nachname: "Nutzer",
      anzeigename: "Test Nutzer",
      email: null,
      aktiv: true,
    },
    mitgliedschaften: rollen.map((rolle, i) => ({
      oeId: `00000000-0000-4000-8000-00000000010${i}`,
      oeKuerzel: `OE${i}`,
      oeName: `OE ${i}`,
      rolle,
    })),
    via: "sitzung",
  };
}

const alle: Rolle[] = [
  "Sachbearbeitung",
  "Leitung",
  "Registratur",
  "Posteingang",
  "Administration",
  "Archiv",
  "Personalrat",
  "Datenschutz",
  "Lesen",
];

/** The roles for which a rule says yes, each tried alone. */
const erlaubt = (regel: (a: Akteur) => boolean) => alle.filter((r) => regel(akteur(r)));

describe("Aussonderung: wer darf", () => {
  it("Aufbewahrung pflegen and the Aussonderung run: Registratur and Archiv", () => {
    expect(erlaubt(darfAufbewahrungPflegen)).toEqual(["Registratur", "Archiv"]);
    expect(erlaubt(darfAussondern)).toEqual(["Registratur", "Archiv"]);
  });

  it("assess due Akten (A, B, V): the Archiv alone", () => {
    expect(erlaubt(darfBewerten)).toEqual(["Archiv"]);
  });

  it("set and lift a Löschsperre: Registratur, Archiv, Datenschutz and Leitung", () => {
    const erwartet = ["Leitung", "Registratur", "Archiv", "Datenschutz"];
    expect(erlaubt(darfLoeschsperreSetzen)).toEqual(erwartet);
    expect(erlaubt(darfLoeschsperreAufheben)).toEqual(erwartet);
  });

  it("the Löschprotokoll: Registratur, Archiv and Datenschutz", () => {
    expect(erlaubt(darfLoeschprotokollSehen)).toEqual(["Registratur", "Archiv", "Datenschutz"]);
  });

  it("xdomea import and export: Registratur, Archiv and the system", () => {
    expect(erlaubt(darfXdomeaAustauschen)).toEqual(["Registratur", "Archiv"]);
    expect(darfXdomeaAustauschen("system")).toBe(true);
    expect(() => verlangeXdomeaAustausch(akteur("Sachbearbeitung"))).toThrow(
      "xdomea-Nachrichten tauschen Registratur und Archiv aus.",
    );
    expect(() => verlangeXdomeaAustausch(akteur("Archiv"))).not.toThrow();
  });

  it("nobody without a role, and a role in any OE counts", () => {
    const ohne = akteur();
    for (const regel of [
      darfAufbewahrungPflegen,
      darfAussondern,
      darfBewerten,
      darfLoeschsperreSetzen,
      darfLoeschsperreAufheben,
      darfLoeschprotokollSehen,
      darfXdomeaAustauschen,
    ])
      expect(regel(ohne)).toBe(false);
    expect(darfXdomeaAustauschen(akteur("Lesen", "Sachbearbeitung", "Archiv"))).toBe(true);
  });
});
