import { describe, expect, it } from "vitest";
import { rollen, type Akteur, type Rolle } from "../access/index.js";
import {
  darfAufnehmen,
  darfEintragSehen,
  darfErledigen,
  darfRegelnPflegen,
  sichtbareOes,
} from "./posteingang.policy.js";

const BAUAMT = "00000000-0000-4000-8000-000000000063";
const JUGENDAMT = "00000000-0000-4000-8000-000000000051";

function akteur(...rollen: [string, Rolle][]): Akteur {
  return {
    benutzer: {
      id: "00000000-0000-4000-8000-000000000001",
      benutzername: "test",
      vorname: "Test",
      nachname: "Person",
      anzeigename: "Test Person",
      email: null,
      aktiv: true,
    },
    mitgliedschaften: rollen.map(([oeId, rolle]) => ({
      oeId,
      oeKuerzel: oeId.slice(-2),
      oeName: oeId,
      rolle,
    })),
    via: "sitzung",
  };
}

const alle = [darfEintragSehen, darfAufnehmen, darfErledigen, darfRegelnPflegen];

describe("Posteingang-Policy", () => {
  it("lets an OE's Sachbearbeitung and Leitung see, take in, settle and keep rules for that OE only", () => {
    for (const rolle of ["Sachbearbeitung", "Leitung"] as const) {
      const a = akteur([BAUAMT, rolle]);
      for (const darf of alle) {
        expect(darf(a, BAUAMT)).toBe(true);
        expect(darf(a, JUGENDAMT)).toBe(false);
      }
    }
  });

  it("lets the central mail room (role Posteingang) act for every OE", () => {
    const post = akteur([JUGENDAMT, "Posteingang"]);
    for (const darf of alle) {
      expect(darf(post, BAUAMT)).toBe(true);
      expect(darf(post, JUGENDAMT)).toBe(true);
    }
  });

  it("gives the OE's other roles nothing", () => {
    const andere = rollen.filter((r) => !["Sachbearbeitung", "Leitung", "Posteingang"].includes(r));
    // Every other role, the Steuerung's included: a new role must be placed here on purpose.
    expect(andere).toHaveLength(7);
    expect(andere).toContain("Steuerung");
    for (const rolle of andere) {
      const a = akteur([BAUAMT, rolle]);
      for (const darf of alle) expect(darf(a, BAUAMT)).toBe(false);
    }
    for (const darf of alle) expect(darf(akteur(), BAUAMT)).toBe(false);
  });

  it("tells the list query the same rule: every OE for the mail room, else the OEs of the OE roles", () => {
    expect(sichtbareOes(akteur([BAUAMT, "Posteingang"]))).toEqual({ alle: true, oeIds: [] });
    expect(
      sichtbareOes(akteur([BAUAMT, "Sachbearbeitung"], [JUGENDAMT, "Registratur"], [JUGENDAMT, "Leitung"])),
    ).toEqual({ alle: false, oeIds: [BAUAMT, JUGENDAMT] });
    expect(sichtbareOes(akteur([BAUAMT, "Administration"]))).toEqual({ alle: false, oeIds: [] });
  });
});
