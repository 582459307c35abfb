import { describe, expect, it } from "vitest";
import type { Akteur, Rolle } from "../access/index.js";
import type { Zugriffsprofil } from "../schriftgut/index.js";
import {
  arbeitsOes,
  darfLaufwegAendern,
  darfLaufwegvorlageAnlegen,
  darfOePostkorbSehen,
  darfWiedervorlageErledigen,
  darfWiedervorlageFuerAndere,
  darfZeichnungsbefugnisPflegen,
  hatZeichnungsbefugnis,
  hindernisFuerAktion,
  hindernisFuerUebernahme,
  siehtGanzenPosteingang,
  wieLike,
  zustaendigkeit,
  type RolleImGang,
  type ZeichnungsRegel,
} from "./workflow.policy.js";
import type { Person } from "./workflow.types.js";

const ICH = "00000000-0000-4000-8000-000000000001";
const ANDERE = "00000000-0000-4000-8000-000000000002";
const ABWESEND = "00000000-0000-4000-8000-000000000003";

/** A signed-in user with the given roles, each as [role, OE]. */
function akteur(...mitgliedschaften: [Rolle, string][]): Akteur {
  return {
    benutzer: {
      id: ICH,
      benutzername: "test",
      vorname: "Test",
      nachname: "Nutzer",
      anzeigename: "Test Nutzer",
      email: null,
      aktiv: true,
    },
    mitgliedschaften: mitgliedschaften.map(([rolle, oeId]) => ({
      oeId,
      oeKuerzel: oeId.toUpperCase(),
      oeName: oeId,
      rolle,
    })),
    via: "sitzung",
  };
}

const abwesend: Person = { id: ABWESEND, benutzername: "abwesend", anzeigename: "Anna Abwesend" };

function rolle(actor: Akteur, vertretene: Person[] = []): RolleImGang {
  return { actor, oes: arbeitsOes(actor), vertretene };
}

const anMich = { adressat_benutzer_id: ICH, adressat_oe_id: null, bearbeiter_id: null };
const anAbwesend = { adressat_benutzer_id: ABWESEND, adressat_oe_id: null, bearbeiter_id: null };
const anOe = (oe: string, bearbeiter: string | null = null) => ({
  adressat_benutzer_id: null,
  adressat_oe_id: oe,
  bearbeiter_id: bearbeiter,
});

describe("Postkorb and Zuständigkeit", () => {
  it("works the Postkorb of the OEs where one is Sachbearbeitung or Leitung", () => {
    const a = akteur(
      ["Sachbearbeitung", "bau"],
      ["Leitung", "recht"],
      ["Lesen", "jugend"],
      ["Posteingang", "post"],
    );
    expect(arbeitsOes(a)).toEqual(["bau", "recht"]);
    expect(darfOePostkorbSehen(a, "bau")).toBe(true);
    expect(darfOePostkorbSehen(a, "jugend")).toBe(true); // through the Posteingang role
    expect(darfOePostkorbSehen(akteur(["Lesen", "jugend"]), "jugend")).toBe(false);
    expect(siehtGanzenPosteingang(a)).toBe(true);
    expect(siehtGanzenPosteingang(akteur(["Leitung", "bau"]))).toBe(false);
  });

  it("lets the addressee act, their deputy i. V., and any clerk of the OE until one takes it", () => {
    const ich = rolle(akteur(["Sachbearbeitung", "bau"]));
    const vertretung = rolle(akteur(["Sachbearbeitung", "bau"]), [abwesend]);
    expect(zustaendigkeit(ich, anMich)).toEqual({ ivFuer: null });
    expect(zustaendigkeit(ich, anAbwesend)).toBeNull();
    expect(zustaendigkeit(vertretung, anAbwesend)).toEqual({ ivFuer: abwesend });
    expect(zustaendigkeit(ich, anOe("bau"))).toEqual({ ivFuer: null });
    expect(zustaendigkeit(ich, anOe("recht"))).toBeNull();
    expect(zustaendigkeit(ich, anOe("bau", ICH))).toEqual({ ivFuer: null });
    expect(zustaendigkeit(ich, anOe("bau", ANDERE))).toBeNull();
    expect(zustaendigkeit(vertretung, anOe("recht", ABWESEND))).toEqual({ ivFuer: abwesend });
  });

  it("names why an action may not be taken: route, turn, kind, taken, not addressed", () => {
    const ich = rolle(akteur(["Sachbearbeitung", "bau"]));
    const offen = { ...anMich, status: "offen" as const, art: "Mitzeichnung" as const };
    const laeuft = { status: "laufend" as const };
    expect(hindernisFuerAktion(laeuft, offen, "zustimmen", ich)).toBeNull();
    expect(hindernisFuerAktion({ status: "abgebrochen" }, offen, "zustimmen", ich)).toBe("gang_beendet");
    expect(hindernisFuerAktion(laeuft, { ...offen, status: "wartend" }, "zustimmen", ich)).toBe(
      "noch_nicht_dran",
    );
    expect(hindernisFuerAktion(laeuft, { ...offen, status: "erledigt" }, "zustimmen", ich)).toBe(
      "schon_erledigt",
    );
    expect(hindernisFuerAktion(laeuft, offen, "zeichnen", ich)).toBe("passt_nicht");
    expect(hindernisFuerAktion(laeuft, { ...offen, ...anOe("bau", ANDERE) }, "zustimmen", ich)).toBe(
      "schon_uebernommen",
    );
    expect(hindernisFuerAktion(laeuft, { ...offen, ...anOe("recht", ANDERE) }, "zustimmen", ich)).toBe(
      "nicht_zustaendig",
    );
    expect(hindernisFuerAktion(laeuft, { ...offen, ...anAbwesend }, "ablehnen", ich)).toBe(
      "nicht_zustaendig",
    );
    expect(
      hindernisFuerAktion(laeuft, { ...offen, ...anAbwesend }, "ablehnen", rolle(ich.actor, [abwesend])),
    ).toBeNull();
  });

  it("lets exactly an open, untaken OE step of one's own OE be taken", () => {
    const ich = rolle(akteur(["Leitung", "bau"]));
    const laeuft = { status: "laufend" as const };
    const s = (x: object, status: "offen" | "wartend" = "offen") => ({ ...anOe("bau"), ...x, status });
    expect(hindernisFuerUebernahme(laeuft, s({}), ich)).toBeNull();
    expect(hindernisFuerUebernahme(laeuft, s({}, "wartend"), ich)).toBe("nicht_offen");
    expect(hindernisFuerUebernahme({ status: "abgeschlossen" }, s({}), ich)).toBe("nicht_offen");
    expect(hindernisFuerUebernahme(laeuft, s(anMich), ich)).toBe("an_person");
    expect(hindernisFuerUebernahme(laeuft, s({ bearbeiter_id: ANDERE }), ich)).toBe("schon_uebernommen");
    expect(hindernisFuerUebernahme(laeuft, s({ adressat_oe_id: "recht" }), ich)).toBe("andere_oe");
  });
});

describe("changing a route", () => {
  const profil = (p: Partial<Zugriffsprofil>): Zugriffsprofil => ({
    benutzerId: ICH,
    leseOes: [],
    schreibOes: [],
    registratur: false,
    rollenSchluessel: [],
    ...p,
  });
  const gang = { ersteller_id: ANDERE, federfuehrende_oe_id: "bau" };

  it("is for the Ersteller, the federführende OE's clerks and Leitungen (also above it)", () => {
    expect(darfLaufwegAendern(akteur(), { ...gang, ersteller_id: ICH }, profil({}))).toBe(true);
    expect(
      darfLaufwegAendern(akteur(["Sachbearbeitung", "bau"]), gang, profil({ schreibOes: ["bau"] })),
    ).toBe(true);
    expect(
      darfLaufwegAendern(akteur(["Leitung", "dezernat"]), gang, profil({ leseOes: ["dezernat", "bau"] })),
    ).toBe(true);
  });

  it("is not for those who only read or only take part", () => {
    expect(darfLaufwegAendern(akteur(["Lesen", "bau"]), gang, profil({ leseOes: ["bau"] }))).toBe(false);
    expect(
      darfLaufwegAendern(akteur(["Sachbearbeitung", "recht"]), gang, profil({ schreibOes: ["recht"] })),
    ).toBe(false);
    expect(darfLaufwegAendern(akteur(["Registratur", "bau"]), gang, profil({ registratur: true }))).toBe(
      false,
    );
  });
});

describe("Zeichnungsbefugnis", () => {
  const regel = (rolle: Rolle, oe_id: string | null, aktenplan_praefix: string | null): ZeichnungsRegel => ({
    rolle,
    oe_id,
    aktenplan_praefix,
  });
  const kette = ["sg-63-1", "amt-63", "dezernat-6"];

  it("takes a rule for one of the roles in the federführende OE or above it", () => {
    const leitungAmt = [{ oeId: "amt-63", rolle: "Leitung" as const }];
    expect(hatZeichnungsbefugnis([regel("Leitung", null, null)], leitungAmt, kette, "63.10")).toBe(true);
    expect(hatZeichnungsbefugnis([regel("Sachbearbeitung", null, null)], leitungAmt, kette, "63.10")).toBe(
      false,
    );
    expect(hatZeichnungsbefugnis([regel("Leitung", null, null)], leitungAmt, ["sg-63-1"], "63.10")).toBe(
      false,
    );
    expect(
      hatZeichnungsbefugnis(
        [regel("Leitung", null, null)],
        [{ oeId: "amt-32", rolle: "Leitung" }],
        kette,
        "63.10",
      ),
    ).toBe(false);
    expect(hatZeichnungsbefugnis([], leitungAmt, kette, "63.10")).toBe(false);
  });

  it("binds a rule with an OE to that OE's members, and one with a prefix to that part of the Aktenplan", () => {
    const sb = [{ oeId: "sg-63-1", rolle: "Sachbearbeitung" as const }];
    expect(hatZeichnungsbefugnis([regel("Sachbearbeitung", "sg-63-1", null)], sb, kette, "63.10")).toBe(true);
    expect(hatZeichnungsbefugnis([regel("Sachbearbeitung", "amt-63", null)], sb, kette, "63.10")).toBe(false);
    expect(hatZeichnungsbefugnis([regel("Sachbearbeitung", null, "63.10")], sb, kette, "63.10")).toBe(true);
    expect(hatZeichnungsbefugnis([regel("Sachbearbeitung", null, "63")], sb, kette, "63.10.2")).toBe(true);
    expect(hatZeichnungsbefugnis([regel("Sachbearbeitung", null, "63.1")], sb, kette, "63.10")).toBe(false);
    expect(hatZeichnungsbefugnis([regel("Sachbearbeitung", null, "6")], sb, kette, "63.10")).toBe(false);
  });

  it("compares prefixes as SQL LIKE does (the rule the database used)", () => {
    expect(wieLike("63.10", "63.%")).toBe(true);
    expect(wieLike("63", "63.%")).toBe(false);
    expect(wieLike("63x10", "63.%")).toBe(false);
    expect(wieLike("63.10", "6_.%")).toBe(true);
    expect(wieLike("6%.10", "6\\%.%")).toBe(true);
    expect(wieLike("63.10", "6\\%.%")).toBe(false);
    expect(wieLike("a(b).1", "a(b).%")).toBe(true);
    expect(wieLike("Ä.1", "_.%")).toBe(true);
  });
});

describe("templates, rules and Wiedervorlagen", () => {
  it("leaves Zeichnungsbefugnisse to the Administration, OE templates to its Leitung", () => {
    expect(darfZeichnungsbefugnisPflegen(akteur(["Administration", "it"]))).toBe(true);
    expect(darfZeichnungsbefugnisPflegen(akteur(["Leitung", "bau"]))).toBe(false);
    expect(darfLaufwegvorlageAnlegen(akteur(["Administration", "it"]), null)).toBe(true);
    expect(darfLaufwegvorlageAnlegen(akteur(["Leitung", "bau"]), "bau")).toBe(true);
    expect(darfLaufwegvorlageAnlegen(akteur(["Leitung", "bau"]), "recht")).toBe(false);
    expect(darfLaufwegvorlageAnlegen(akteur(["Leitung", "bau"]), null)).toBe(false);
    expect(darfLaufwegvorlageAnlegen(akteur(["Sachbearbeitung", "bau"]), "bau")).toBe(false);
  });

  it("lets the recipient, their deputy and whoever set it finish a Wiedervorlage", () => {
    const a = akteur(["Sachbearbeitung", "bau"]);
    expect(darfWiedervorlageErledigen(a, { empfaenger_id: ICH, erstellt_von: ANDERE }, [])).toBe(true);
    expect(darfWiedervorlageErledigen(a, { empfaenger_id: ANDERE, erstellt_von: ICH }, [])).toBe(true);
    expect(darfWiedervorlageErledigen(a, { empfaenger_id: ABWESEND, erstellt_von: ANDERE }, [ABWESEND])).toBe(
      true,
    );
    expect(darfWiedervorlageErledigen(a, { empfaenger_id: ABWESEND, erstellt_von: ANDERE }, [])).toBe(false);
    expect(darfWiedervorlageFuerAndere({ bearbeiten: true })).toBe(true);
    expect(darfWiedervorlageFuerAndere({ bearbeiten: false })).toBe(false);
  });
});
