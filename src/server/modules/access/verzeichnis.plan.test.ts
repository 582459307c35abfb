import { describe, expect, it } from "vitest";
import { bildeBenutzername, oidcKennung, planeMitgliedschaften } from "./verzeichnis.plan.js";
import type { Gruppenzuordnung, MitgliedschaftMitHerkunft } from "./verzeichnis.types.js";

const oe63 = { oeId: "oe-63", oeKuerzel: "63", oeName: "Bauaufsicht" };
const oe51 = { oeId: "oe-51", oeKuerzel: "51", oeName: "Jugendamt" };
const oe99 = { oeId: "oe-99", oeKuerzel: "99", oeName: "Aufgelöstes Amt" };

const zuordnung: Gruppenzuordnung[] = [
  { id: "1", gruppe: "GG-63-SB", ...oe63, oeAktiv: true, rolle: "Sachbearbeitung" },
  { id: "2", gruppe: "GG-63-L", ...oe63, oeAktiv: true, rolle: "Leitung" },
  { id: "3", gruppe: "GG-63-L", ...oe63, oeAktiv: true, rolle: "Sachbearbeitung" },
  { id: "4", gruppe: "cn=jugend,ou=gruppen,dc=kreis", ...oe51, oeAktiv: true, rolle: "Sachbearbeitung" },
  { id: "5", gruppe: "GG-99-SB", ...oe99, oeAktiv: false, rolle: "Sachbearbeitung" },
];

const hat = (
  oe: { oeId: string; oeKuerzel: string },
  rolle: MitgliedschaftMitHerkunft["rolle"],
  herkunft: MitgliedschaftMitHerkunft["herkunft"],
): MitgliedschaftMitHerkunft => ({ oeId: oe.oeId, oeKuerzel: oe.oeKuerzel, rolle, herkunft });

describe("planeMitgliedschaften", () => {
  it("grants every role a group maps to, one group possibly to several", () => {
    const plan = planeMitgliedschaften(["GG-63-L"], zuordnung, []);
    expect(plan.hinzufuegen.map((m) => `${m.oeKuerzel} ${m.rolle}`)).toEqual([
      "63 Leitung",
      "63 Sachbearbeitung",
    ]);
    expect(plan.entfernen).toEqual([]);
  });

  it("compares groups without regard to case and surrounding spaces (LDAP DNs)", () => {
    const plan = planeMitgliedschaften([" CN=Jugend,OU=Gruppen,DC=Kreis "], zuordnung, []);
    expect(plan.ziel.map((m) => m.oeKuerzel)).toEqual(["51"]);
  });

  it("removes only directory memberships that no group grants any more, never manual ones", () => {
    const plan = planeMitgliedschaften(["GG-63-SB"], zuordnung, [
      hat(oe63, "Sachbearbeitung", "verzeichnis"),
      hat(oe63, "Leitung", "verzeichnis"),
      hat(oe51, "Sachbearbeitung", "manuell"),
    ]);
    expect(plan.hinzufuegen).toEqual([]);
    expect(plan.entfernen.map((m) => `${m.oeKuerzel} ${m.rolle}`)).toEqual(["63 Leitung"]);
  });

  it("does not add what is already held manually (it stays manual)", () => {
    const plan = planeMitgliedschaften(["GG-63-SB"], zuordnung, [hat(oe63, "Sachbearbeitung", "manuell")]);
    expect(plan.ziel).toHaveLength(1);
    expect(plan.hinzufuegen).toEqual([]);
  });

  it("reports a group mapped to an OE that no longer exists and changes nothing for it", () => {
    const neu = planeMitgliedschaften(["GG-99-SB"], zuordnung, []);
    expect(neu.hinzufuegen).toEqual([]);
    expect(neu.verwaisteGruppen).toEqual([
      { gruppe: "GG-99-SB", oeId: "oe-99", oeKuerzel: "99", rolle: "Sachbearbeitung" },
    ]);
    // Someone who already had the role there from the directory keeps it.
    const alt = planeMitgliedschaften(["GG-99-SB"], zuordnung, [hat(oe99, "Sachbearbeitung", "verzeichnis")]);
    expect(alt.entfernen).toEqual([]);
    // Without the group, it goes as any directory membership would.
    const weg = planeMitgliedschaften([], zuordnung, [hat(oe99, "Sachbearbeitung", "verzeichnis")]);
    expect(weg.entfernen.map((m) => m.oeKuerzel)).toEqual(["99"]);
  });

  it("names the groups no mapping row knows", () => {
    expect(planeMitgliedschaften(["GG-63-SB", "Alle-Mitarbeiter"], zuordnung, []).ohneZuordnung).toEqual([
      "Alle-Mitarbeiter",
    ]);
  });
});

describe("bildeBenutzername", () => {
  it("makes a valid Benutzername of what directories offer", () => {
    expect(bildeBenutzername("Jürgen.Müller@kreis.example")).toBe("juergen.mueller");
    expect(bildeBenutzername("KREIS\\Straße")).toBe("kreis.strasse");
    expect(bildeBenutzername("José Núñez")).toBe("jose.nunez");
    expect(bildeBenutzername("__x")).toBe("benutzer");
    expect(bildeBenutzername("李")).toBe("benutzer");
    expect(bildeBenutzername("a".repeat(100))).toHaveLength(58);
  });
});

describe("oidcKennung", () => {
  it("keys a person by issuer and sub, since sub is unique only per issuer", () => {
    expect(oidcKennung("https://idp.example/realms/kreis", "248289761001")).not.toBe(
      oidcKennung("https://andere.example", "248289761001"),
    );
  });
});
