import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../app.js";
import { ManualClock } from "../../platform/clock.js";
import { anfrage } from "../../../../test/helpers/anfrage.js";
import { createTestContext, type TestContext } from "../../../../test/helpers/context.js";
import {
  akteurVon,
  createOe,
  createUser,
  login,
  neueAkte,
  neuerVorgang,
  TEST_PASSWORT,
  type Session,
} from "../../../../test/helpers/factories.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";
import { setzeZdaInTx } from "../schriftgut/index.js";
import { berechneTage } from "./berechnung.service.js";
import { bildeGruppen, KREIS, MINDESTGRUPPE, type OeKnoten } from "./unterdrueckung.js";

const clock = new ManualClock("2026-03-02T08:00:00Z");
let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};
const oe: Record<string, string> = {};

interface Gruppe {
  oe: { id: string; kuerzel: string };
  personen: number | null;
  unterdrueckt: boolean;
  kennzahlen: Record<string, { monat: string; wert: number | null; p90: number | null; anzahl: number }[]>;
}
interface Uebersicht {
  gruppe: Gruppe;
  unten: Gruppe[];
  ausgeblendet: number;
}

const get = (wer: string, pfad: string) => anfrage(app, s[wer]!, "GET", pfad);
const uebersicht = async (wer: string, query: string) => {
  const r = await get(wer, `/steuerung/kennzahlen?von=2026-03&bis=2026-03${query}`);
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Uebersicht;
};
const wert = (g: Gruppe, kennzahl: string) => g.kennzahlen[kennzahl]?.[0]?.wert;

/**
 * A small county: Dezernat 2 with the Bauaufsicht (63: a Leitung and five clerks, and the
 * Sachgebiet 63.1 with two people) and the Jugendamt (51: six people); a Stabsstelle with the
 * Steuerung and a Personalrat with one member, both at the top.
 */
beforeAll(async () => {
  ctx = await createTestContext({ clock });
  oe.D2 = (await createOe(ctx, { kuerzel: "D2", name: "Dezernat 2", art: "Dezernat" })).id;
  oe["63"] = (await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht", uebergeordnet: "D2" })).id;
  oe["63.1"] = (
    await createOe(ctx, { kuerzel: "63.1", name: "Bauberatung", art: "Sachgebiet", uebergeordnet: "63" })
  ).id;
  oe["51"] = (await createOe(ctx, { kuerzel: "51", name: "Jugendamt", uebergeordnet: "D2" })).id;
  oe.ST = (await createOe(ctx, { kuerzel: "ST", name: "Stabsstelle E-Government", art: "Stabsstelle" })).id;
  oe.PR = (await createOe(ctx, { kuerzel: "PR", name: "Personalrat", art: "Gremium" })).id;
  // Named by the test Aktenplan; nobody works there.
  await createOe(ctx, { kuerzel: "11", name: "Personalamt" });
  await importTestAktenplan(ctx);
  app = await buildApp(ctx);
  const personen: [string, string, "Sachbearbeitung" | "Leitung" | "Steuerung" | "Personalrat"][] = [
    ["dez2", "D2", "Leitung"],
    ["leiter63", "63", "Leitung"],
    ...[1, 2, 3, 4, 5].map((i) => [`sb${i}`, "63", "Sachbearbeitung"] as [string, string, "Sachbearbeitung"]),
    ["sg1", "63.1", "Sachbearbeitung"],
    ["sg2", "63.1", "Sachbearbeitung"],
    ["leiter51", "51", "Leitung"],
    ...[1, 2, 3, 4, 5].map((i) => [`j${i}`, "51", "Sachbearbeitung"] as [string, string, "Sachbearbeitung"]),
    ["steuer", "ST", "Steuerung"],
    ["pr", "PR", "Personalrat"],
  ];
  const benutzer: Record<string, Awaited<ReturnType<typeof createUser>>> = {};
  for (const [name, kuerzel, rolle] of personen)
    benutzer[name] = await createUser(ctx, { benutzername: name, rollen: [{ oe: kuerzel, rolle }] });

  // 63: four electronic Akten and one Hybridakte by a clerk, two by the Sachgebiet; 51: three.
  const sb1 = await akteurVon(ctx, benutzer.sb1!);
  for (const papier of [null, null, null, null, "Registratur 63, Regal 4"])
    await neueAkte(ctx, sb1, { federfuehrendeOe: "63", papierablage: papier });
  const sg1 = await akteurVon(ctx, benutzer.sg1!);
  for (let i = 0; i < 2; i++) await neueAkte(ctx, sg1, { federfuehrendeOe: "63.1" });
  const j1 = await akteurVon(ctx, benutzer.j1!);
  for (let i = 0; i < 3; i++) {
    const akte = await neueAkte(ctx, j1, { federfuehrendeOe: "51" });
    const vorgang = await neuerVorgang(ctx, j1, akte.id);
    // Two Vorgänge are closed after two and four days.
    if (i < 2) {
      clock.set(`2026-03-0${4 + 2 * i}T08:00:00Z`);
      await ctx.db.transaction((tx) => setzeZdaInTx(ctx, tx, j1, vorgang.id));
      clock.set("2026-03-02T08:00:00Z");
    }
  }
  clock.set("2026-04-01T08:00:00Z");
  await berechneTage(ctx, "2026-03-01", "2026-03-31");
  for (const name of ["dez2", "leiter63", "sb1", "leiter51", "steuer", "pr"] as const)
    s[name] = await login(app, name);
});
afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("Kennzahlen je Gruppe", () => {
  it("the Steuerung sees the county's figures: shares, counts and durations summed over its OEs", async () => {
    const u = await uebersicht("steuer", "");
    expect(u.gruppe.oe.id).toBe(KREIS);
    expect(u.gruppe.personen).toBe(17);
    // Ten new Akten, one of them a Hybridakte.
    expect(wert(u.gruppe, "akten.elektronisch")).toBe(90);
    expect(u.gruppe.kennzahlen["akten.elektronisch"]![0]!.anzahl).toBe(10);
    // Two Vorgänge closed after 48 and 96 hours: the median lies between.
    const laufzeit = u.gruppe.kennzahlen["vorgaenge.laufzeit"]![0]!;
    expect(laufzeit.anzahl).toBe(2);
    expect(laufzeit.wert).toBeGreaterThanOrEqual(48);
    expect(laufzeit.wert).toBeLessThanOrEqual(96);
    // One Vorgang of the Jugendamt was still open at the end of March.
    expect(wert(u.gruppe, "vorgaenge.offen")).toBe(1);
  });

  it("a month without computed days is empty, not zero", async () => {
    const r = await get("steuer", "/steuerung/kennzahlen?von=2025-01&bis=2025-01");
    expect(r.statusCode).toBe(200);
    expect((r.json() as Uebersicht).gruppe.kennzahlen["eingaenge.scan"]![0]!.wert).toBeNull();
  });

  it("recomputing a day gives the same figures", async () => {
    const vorher = await uebersicht("steuer", "");
    await berechneTage(ctx, "2026-03-01", "2026-03-31");
    expect(await uebersicht("steuer", "")).toEqual(vorher);
  });

  it("recomputing a few days in the middle of a month leaves the month's figures whole", async () => {
    const vorher = await uebersicht("steuer", "");
    await berechneTage(ctx, "2026-03-03", "2026-03-05");
    const nachher = await uebersicht("steuer", "");
    expect(nachher).toEqual(vorher);
    expect(wert(nachher.gruppe, "akten.elektronisch")).toBe(90);
    expect(nachher.gruppe.kennzahlen["vorgaenge.laufzeit"]![0]!.anzahl).toBe(2);
  });

  it("a stock computed on its own carries what was open before: the Vorgang open in March is open in April", async () => {
    await berechneTage(ctx, "2026-04-01", "2026-04-30");
    const r = await get("steuer", "/steuerung/kennzahlen?von=2026-04&bis=2026-04");
    expect(r.statusCode, r.body).toBe(200);
    const april = (r.json() as Uebersicht).gruppe;
    expect(wert(april, "vorgaenge.offen")).toBe(1);
    expect(wert(april, "akten.elektronisch")).toBeNull();
  });

  it("a Leitung sees its Amt; another Amt, the Dezernat or the county are not found for it", async () => {
    const u = await uebersicht("leiter63", "");
    expect(u.gruppe.oe.kuerzel).toBe("63");
    expect(wert(u.gruppe, "akten.elektronisch")).toBeCloseTo(85.7, 1);
    for (const ziel of [oe["51"], oe.D2, KREIS])
      expect(
        (await get("leiter63", `/steuerung/kennzahlen?von=2026-03&bis=2026-03&oe=${ziel}`)).statusCode,
      ).toBe(404);
  });

  it("the Dezernent sees the county; clerks and the Personalrat see no figures", async () => {
    expect((await uebersicht("dez2", "")).gruppe.oe.id).toBe(KREIS);
    expect((await get("sb1", "/steuerung/kennzahlen?von=2026-03&bis=2026-03")).statusCode).toBe(403);
    expect((await get("pr", "/steuerung/kennzahlen?von=2026-03&bis=2026-03")).statusCode).toBe(403);
  });

  it("the Personalrat reads the catalogue with every definition; a clerk does not", async () => {
    const r = await get("pr", "/steuerung/katalog");
    expect(r.statusCode).toBe(200);
    const katalog = r.json() as { schluessel: string; definition: string; sichtbarFuer: string }[];
    expect(katalog.map((k) => k.schluessel)).toContain("abgaenge.gezeichnet");
    for (const k of katalog) {
      expect(k.definition.length).toBeGreaterThan(40);
      expect(k.sichtbarFuer).toMatch(/fünf Personen/);
    }
    expect((await get("sb1", "/steuerung/katalog")).statusCode).toBe(403);
  });

  it("the catalogue's publication is in the Protokoll and reached the Personalrat", async () => {
    const { rows } = await ctx.db.query(
      `SELECT details FROM protokoll WHERE aktion = 'kennzahlenkatalog.geaendert'`,
    );
    expect(rows).toHaveLength(1);
    const hinweise = await get("pr", "/benachrichtigungen");
    expect(hinweise.body).toContain("Kennzahlenkatalog");
  });

  it("bad time ranges get a German problem", async () => {
    for (const q of ["von=2026-13&bis=2026-12", "von=2026-05&bis=2026-04", "von=2020-01&bis=2026-12"]) {
      const r = await get("steuer", `/steuerung/kennzahlen?${q}`);
      expect(r.statusCode, q).toBe(400);
      expect((r.json() as { detail: string }).detail).toMatch(/Zeitraum|Monat|JJJJ/);
    }
  });
});

describe("Personalrat: keine Zahl über eine einzelne Person", () => {
  it("no group under five people is shown, in any view", async () => {
    // 63.1 has two people; 51 has six, but showing it would make "Dezernat minus 63 minus 51"
    // the Dezernent alone, and the Dezernat beside the county would leave Stabsstelle and
    // Personalrat (two people).
    const sichten = [
      await uebersicht("steuer", ""),
      await uebersicht("steuer", `&oe=${oe.D2}`),
      await uebersicht("steuer", `&oe=${oe["63"]}`),
      await uebersicht("steuer", `&oe=${oe["51"]}`),
      await uebersicht("leiter63", ""),
      await uebersicht("leiter51", ""),
      await uebersicht("dez2", `&oe=${oe["63.1"]}`),
    ];
    const gezeigt = new Map<string, number>();
    for (const sicht of sichten)
      for (const g of [sicht.gruppe, ...sicht.unten]) {
        if (g.unterdrueckt) {
          expect(g.personen).toBeNull();
          expect(g.kennzahlen).toEqual({});
        } else gezeigt.set(g.oe.id, g.kennzahlen["akten.elektronisch"]![0]!.anzahl);
      }
    expect([...gezeigt.keys()].sort()).toEqual([KREIS, oe["63"]].sort());
    // The only difference of shown figures is county minus Bauaufsicht: nine people.
    expect(gezeigt.get(KREIS)! - gezeigt.get(oe["63"]!)!).toBe(3);
  });

  it("trying to single out a person by differencing two overlapping groups fails for any tree", () => {
    // Random trees of OEs with random staff: whatever is shown, every shown group minus the
    // shown groups inside it leaves nobody or at least five people.
    let zufall = 42;
    const naechste = (n: number) => ((zufall = (zufall * 1103515245 + 12345) % 2 ** 31), zufall % n);
    for (let runde = 0; runde < 300; runde++) {
      const knoten: OeKnoten[] = [];
      const anzahl = 2 + naechste(14);
      for (let i = 0; i < anzahl; i++)
        knoten.push({
          id: `oe${i}`,
          parentId: i === 0 || naechste(5) === 0 ? null : `oe${naechste(i)}`,
          mitglieder: Array.from({ length: naechste(9) }, () => `p${naechste(40)}`),
        });
      const g = bildeGruppen(knoten);
      const mitglieder = new Map(knoten.map((k) => [k.id, k.mitglieder]));
      for (const a of g.zeigbar) {
        const innen = [...g.zeigbar].filter((b) => b !== a && g.unterbaum.get(a)!.includes(b));
        const gedeckt = new Set(innen.flatMap((b) => g.unterbaum.get(b)!));
        const rest = new Set(
          g.unterbaum
            .get(a)!
            .filter((x) => !gedeckt.has(x))
            .flatMap((x) => mitglieder.get(x) ?? []),
        );
        expect(rest.size === 0 || rest.size >= MINDESTGRUPPE, `Runde ${runde}, Gruppe ${a}`).toBe(true);
        expect(g.personen.get(a)!).toBeGreaterThanOrEqual(MINDESTGRUPPE);
      }
    }
  });
});

describe("Mobiles Arbeiten und Aussonderung im Katalog und auf dem Dashboard", () => {
  it("the catalogue names them under Nutzung and Aussonderung, with their own date", async () => {
    const katalog = (await get("pr", "/steuerung/katalog")).json() as {
      schluessel: string;
      bereich: string;
      seit: string;
    }[];
    const bereich = new Map(katalog.map((k) => [k.schluessel, k.bereich]));
    expect(bereich.get("anmeldungen.mobil")).toBe("Nutzung");
    expect(bereich.get("dokumente.unterwegs")).toBe("Nutzung");
    for (const k of ["faellig", "angeboten", "uebergeben", "geloescht"])
      expect(bereich.get(`aussonderung.${k}`), k).toBe("Aussonderung");
    const neu = katalog.filter((k) => /^(anmeldungen|dokumente|aussonderung)\./.test(k.schluessel));
    expect(neu.map((k) => k.seit)).toEqual(new Array(6).fill("2026-12-02"));
  });

  it("sign-ins from phones reach the dashboard as a share per group, never per person", async () => {
    // The Leitung and the five clerks of the Bauaufsicht sign in from a phone on 1 April; two of
    // them signed in before from a browser the server cannot place (counted, not as mobile).
    const iphone =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
    for (const name of ["leiter63", "sb1", "sb2", "sb3", "sb4", "sb5", "j1"]) {
      const r = await app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { benutzername: name, passwort: TEST_PASSWORT },
        headers: { "user-agent": iphone },
      });
      expect(r.statusCode, r.body).toBe(200);
    }
    await berechneTage(ctx, "2026-04-01", "2026-04-01");
    const r = await get("steuer", `/steuerung/kennzahlen?von=2026-04&bis=2026-04&oe=${oe["63"]}`);
    expect(r.statusCode, r.body).toBe(200);
    const u = r.json() as Uebersicht;
    const mobil = u.gruppe.kennzahlen["anmeldungen.mobil"]![0]!;
    expect(mobil.anzahl).toBe(8);
    expect(mobil.wert).toBeCloseTo(75, 1);
    // The Jugendamt stays hidden (see above): its one phone sign-in is shown nowhere on its own.
    const jugendamt = await get("steuer", `/steuerung/kennzahlen?von=2026-04&bis=2026-04&oe=${oe["51"]}`);
    expect((jugendamt.json() as Uebersicht).gruppe.unterdrueckt).toBe(true);
    expect((jugendamt.json() as Uebersicht).gruppe.kennzahlen).toEqual({});
  });
});
