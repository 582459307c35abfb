import { describe, expect, it } from "vitest";
import type { AkteZugriffsdaten, Zugriffsprofil } from "../schriftgut/index.js";
import { darfZeileFinden, schluesselDerZeile, schluesselDesLesers } from "./suche.policy.js";

const BAU = "00000000-0000-4000-8000-000000000063";
const JUGEND = "00000000-0000-4000-8000-000000000051";
const HAUPT = "00000000-0000-4000-8000-000000000010";
const PERSONAL = "00000000-0000-4000-8000-000000000011";

function leser(p: Partial<Zugriffsprofil> & { benutzerId: string }): Zugriffsprofil {
  return { leseOes: [], schreibOes: [], registratur: false, rollenSchluessel: [], ...p };
}

const sb63 = leser({
  benutzerId: "u-sb63",
  leseOes: [BAU],
  rollenSchluessel: [`Sachbearbeitung:${BAU}`, "Sachbearbeitung:*"],
});
const sb51 = leser({
  benutzerId: "u-sb51",
  leseOes: [JUGEND],
  rollenSchluessel: [`Sachbearbeitung:${JUGEND}`, "Sachbearbeitung:*"],
});
const registratur = leser({
  benutzerId: "u-reg",
  leseOes: [HAUPT],
  registratur: true,
  rollenSchluessel: [`Registratur:${HAUPT}`, "Registratur:*"],
});
const personalrat = leser({
  benutzerId: "u-pr",
  rollenSchluessel: [`Personalrat:${PERSONAL}`, "Personalrat:*"],
});
const benannte = leser({ benutzerId: "u-benannt", leseOes: [PERSONAL] });

function akte(a: Partial<AkteZugriffsdaten>): AkteZugriffsdaten {
  return {
    id: "akte",
    federfuehrendeOeId: BAU,
    beteiligteOeIds: [],
    zugriffsbeschraenkt: false,
    status: "offen",
    zugriff: [],
    ...a,
  };
}

const finden = (profil: Zugriffsprofil, a: AkteZugriffsdaten | undefined) =>
  darfZeileFinden(profil, schluesselDerZeile(a));

describe("Suche: wer welche Indexzeile findet", () => {
  it("an open Akte: its federführende and beteiligte OEs and the Registratur, no other OE", () => {
    const bauakte = akte({ beteiligteOeIds: [JUGEND] });
    expect(finden(sb63, bauakte)).toBe(true);
    expect(finden(sb51, bauakte)).toBe(true);
    expect(finden(registratur, bauakte)).toBe(true);
    expect(finden(sb51, akte({}))).toBe(false);
    expect(finden(personalrat, akte({}))).toBe(false);
  });

  it("a restricted Akte: only its named users and roles, not its OE and not the Registratur", () => {
    const personalakte = akte({
      federfuehrendeOeId: PERSONAL,
      zugriffsbeschraenkt: true,
      zugriff: [
        { benutzerId: "u-benannt", rolle: null, oeId: null, recht: "bearbeiten" },
        { benutzerId: null, rolle: "Personalrat", oeId: PERSONAL, recht: "lesen" },
      ],
    });
    expect(finden(benannte, personalakte)).toBe(true);
    expect(finden(personalrat, personalakte)).toBe(true);
    expect(finden(registratur, personalakte)).toBe(false);
    expect(finden(leser({ benutzerId: "u-oe", leseOes: [PERSONAL] }), personalakte)).toBe(false);
    expect(finden(sb63, personalakte)).toBe(false);
  });

  it("a role named without an OE matches the role in any OE", () => {
    const a = akte({
      zugriffsbeschraenkt: true,
      zugriff: [{ benutzerId: null, rolle: "Personalrat", oeId: null, recht: "lesen" }],
    });
    expect(schluesselDerZeile(a)).toEqual(["rolle:Personalrat:*"]);
    expect(finden(personalrat, a)).toBe(true);
    expect(finden(sb63, a)).toBe(false);
  });

  it("a row whose Akte is gone carries no key: no one finds it", () => {
    expect(schluesselDerZeile(undefined)).toEqual([]);
    for (const p of [sb63, sb51, registratur, personalrat, benannte])
      expect(finden(p, undefined)).toBe(false);
  });

  it("a reader presents their OEs, the Registratur, themselves and their roles", () => {
    expect(schluesselDesLesers(registratur)).toEqual([
      `oe:${HAUPT}`,
      "registratur",
      "benutzer:u-reg",
      `rolle:Registratur:${HAUPT}`,
      "rolle:Registratur:*",
    ]);
  });
});
