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
  type Session,
} from "../../../../test/helpers/factories.js";
import { importTestAktenplan } from "../../../../test/helpers/schriftgut.js";
import { berechneTage } from "./berechnung.service.js";
import * as repo from "./strategie.repository.js";
import type { StrategieInhalt } from "./strategie.schema.js";
import { alsCsv, entschaerft } from "./tabelle.js";

const clock = new ManualClock("2026-01-12T08:00:00Z");
let ctx: TestContext;
let app: FastifyInstance;
const s: Record<string, Session> = {};
const oe: Record<string, string> = {};
let steuerId = "";

const get = (wer: string, pfad: string) => anfrage(app, s[wer]!, "GET", pfad);
const put = (wer: string, pfad: string, body: unknown) => anfrage(app, s[wer]!, "PUT", pfad, body);
const post = (wer: string, pfad: string, body: unknown) => anfrage(app, s[wer]!, "POST", pfad, body);

interface Zielstand {
  zielId: string;
  imKatalog: boolean;
  kennzahlName: string | null;
  monat: string | null;
  messwert: number | null;
  vergleichsmonat: string | null;
  veraenderung: number | null;
  bewertung: string;
  hinweis: string | null;
}
interface Strategie {
  entwurf: { inhalt: StrategieInhalt; revision: number };
  fassungen: { nummer: number; beschlossenAm: string; notiz: string }[];
  zielstand: Zielstand[];
  oes: Record<string, string>;
  darfBearbeiten: boolean;
}

const strategie = async (wer = "steuer") => {
  const r = await get(wer, "/steuerung/strategie");
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Strategie;
};

/** The Stabsstelle's strategy: two Handlungsfelder, three Ziele, one Maßnahme of the Bauaufsicht. */
function entwurf(): StrategieInhalt {
  return {
    titel: "E-Government-Strategie des Kreises",
    handlungsfelder: [
      {
        id: "hf-akte",
        titel: "Elektronische Akte",
        ziele: [
          {
            id: "z-elektronisch",
            titel: "Neue Akten elektronisch",
            kennzahl: "akten.elektronisch",
            zielwert: 80,
            richtung: "mindestens",
            zieldatum: "2027-12-31",
          },
          {
            id: "z-offen",
            titel: "Weniger offene Vorgänge",
            kennzahl: "vorgaenge.offen",
            zielwert: 100,
            richtung: "hoechstens",
            zieldatum: "2027-06-30",
          },
        ],
        massnahmen: [
          {
            id: "m-einfuehrung",
            titel: "Einführung in der Bauaufsicht",
            oeId: oe["63"]!,
            status: "laufend",
            meilensteine: [{ id: "ms-pilot", titel: "Pilot", datum: "2026-02-01", erledigt: true }],
          },
        ],
      },
      {
        id: "hf-scan",
        titel: "Digitaler Posteingang",
        ziele: [
          {
            id: "z-scan",
            titel: "Gescannte Eingänge geprüft",
            kennzahl: "scans.qualitaetskontrolle",
            zielwert: 95,
            richtung: "mindestens",
            zieldatum: "2027-12-31",
          },
        ],
        massnahmen: [],
      },
    ],
  };
}

/**
 * Dezernat 1 (five people of its own) with the Ordnungsamt (32: a Leitung and five clerks),
 * Dezernat 2 (three of its own) with the Bauaufsicht (63: a Leitung and five clerks) and the
 * Umweltamt (70: two people, so hidden), the Stabsstelle with the Steuerung and three more, a
 * Personalrat. Every rest left by the shown groups has five people, so 32, 63, D1 and D2 are shown. The Bauaufsicht's Akten: one of two electronic in
 * January 2026, four of four in March.
 */
beforeAll(async () => {
  ctx = await createTestContext({ clock });
  oe.D1 = (await createOe(ctx, { kuerzel: "D1", name: "Dezernat 1", art: "Dezernat" })).id;
  oe["32"] = (await createOe(ctx, { kuerzel: "32", name: "Ordnungsamt", uebergeordnet: "D1" })).id;
  oe.D2 = (await createOe(ctx, { kuerzel: "D2", name: "Dezernat 2", art: "Dezernat" })).id;
  oe["63"] = (await createOe(ctx, { kuerzel: "63", name: "Bauaufsicht", uebergeordnet: "D2" })).id;
  oe["70"] = (await createOe(ctx, { kuerzel: "70", name: "Umweltamt", uebergeordnet: "D2" })).id;
  oe.ST = (await createOe(ctx, { kuerzel: "ST", name: "Stabsstelle E-Government", art: "Stabsstelle" })).id;
  oe.PR = (await createOe(ctx, { kuerzel: "PR", name: "Personalrat", art: "Gremium" })).id;
  // Named by the test Aktenplan; nobody works there.
  await createOe(ctx, { kuerzel: "11", name: "Personalamt" });
  await createOe(ctx, { kuerzel: "51", name: "Jugendamt" });
  await importTestAktenplan(ctx);
  app = await buildApp(ctx);
  const personen: [string, string, "Sachbearbeitung" | "Leitung" | "Steuerung" | "Personalrat"][] = [
    ["dez1", "D1", "Leitung"],
    ...[1, 2, 3, 4].map((i) => [`d1s${i}`, "D1", "Sachbearbeitung"] as [string, string, "Sachbearbeitung"]),
    ...[1, 2, 3].map((i) => [`d2s${i}`, "D2", "Sachbearbeitung"] as [string, string, "Sachbearbeitung"]),
    ...[1, 2, 3].map((i) => [`st${i}`, "ST", "Sachbearbeitung"] as [string, string, "Sachbearbeitung"]),
    ["leiter32", "32", "Leitung"],
    ...[1, 2, 3, 4, 5].map((i) => [`o${i}`, "32", "Sachbearbeitung"] as [string, string, "Sachbearbeitung"]),
    ["leiter63", "63", "Leitung"],
    ...[1, 2, 3, 4, 5].map((i) => [`b${i}`, "63", "Sachbearbeitung"] as [string, string, "Sachbearbeitung"]),
    ["u1", "70", "Sachbearbeitung"],
    ["u2", "70", "Sachbearbeitung"],
    ["steuer", "ST", "Steuerung"],
    ["pr", "PR", "Personalrat"],
  ];
  const benutzer: Record<string, Awaited<ReturnType<typeof createUser>>> = {};
  for (const [name, kuerzel, rolle] of personen)
    benutzer[name] = await createUser(ctx, { benutzername: name, rollen: [{ oe: kuerzel, rolle }] });
  steuerId = benutzer.steuer!.id;
  const b1 = await akteurVon(ctx, benutzer.b1!);
  for (const papier of [null, "Registratur 63"])
    await neueAkte(ctx, b1, { federfuehrendeOe: "63", papierablage: papier });
  clock.set("2026-03-10T08:00:00Z");
  for (let i = 0; i < 4; i++) await neueAkte(ctx, b1, { federfuehrendeOe: "63" });
  clock.set("2026-04-01T08:00:00Z");
  await berechneTage(ctx, "2026-01-01", "2026-03-31");
  for (const name of ["dez1", "leiter32", "leiter63", "b1", "steuer", "pr"]) s[name] = await login(app, name);
});
afterAll(async () => {
  await app?.close();
  await ctx?.cleanup();
});

describe("Strategie", () => {
  it("an empty strategy cannot be fortgeschrieben", async () => {
    expect((await strategie()).entwurf.revision).toBe(0);
    const r = await post("steuer", "/steuerung/strategie/fassungen", {
      beschlossenAm: "2026-03-31",
      notiz: "",
    });
    expect(r.statusCode).toBe(422);
    expect(r.json().detail).toMatch(/kein Handlungsfeld/);
  });

  it("the Stabsstelle records two Handlungsfelder and three Ziele; each Ziel shows its measured value and trend", async () => {
    const r = await put("steuer", "/steuerung/strategie", { revision: 0, inhalt: entwurf() });
    expect(r.statusCode, r.body).toBe(200);
    const { revision, aenderungen } = r.json() as { revision: number; aenderungen: string[] };
    expect(revision).toBe(1);
    expect(aenderungen).toContain("Handlungsfeld „Elektronische Akte“ hinzugefügt");
    expect(aenderungen.some((a) => a.startsWith("Ziel „Neue Akten elektronisch“"))).toBe(true);

    const st = await strategie();
    expect(st.darfBearbeiten).toBe(true);
    expect(st.entwurf.inhalt.handlungsfelder.flatMap((h) => h.ziele)).toHaveLength(3);
    expect(st.oes[oe["63"]!]).toBe("63 Bauaufsicht");
    const elektronisch = st.zielstand.find((z) => z.zielId === "z-elektronisch")!;
    // March: 4 of 4 Akten electronic; January: 1 of 2.
    expect(elektronisch).toMatchObject({
      imKatalog: true,
      kennzahlName: "Neue Akten elektronisch geführt",
      monat: "2026-03",
      messwert: 100,
      vergleichsmonat: "2026-01",
      veraenderung: 50,
      bewertung: "erreicht",
    });
    const protokoll = await ctx.db.query<{ details: { aenderungen: string[] } }>(
      `SELECT details FROM protokoll WHERE aktion = 'strategie.geaendert'`,
    );
    expect(protokoll.rows[0]!.details.aenderungen).toEqual(aenderungen);
  });

  it("a Kennzahl without any data in the time range is an empty state, not zero", async () => {
    const scan = (await strategie()).zielstand.find((z) => z.zielId === "z-scan")!;
    expect(scan).toMatchObject({
      messwert: null,
      monat: null,
      bewertung: "unbekannt",
      hinweis: "Noch keine Messwerte",
    });
  });

  it("saving on an old revision is a conflict; unchanged content changes nothing", async () => {
    const r = await put("steuer", "/steuerung/strategie", { revision: 0, inhalt: entwurf() });
    expect(r.statusCode).toBe(409);
    expect(r.json().detail).toMatch(/inzwischen/);
    const gleich = await put("steuer", "/steuerung/strategie", { revision: 1, inhalt: entwurf() });
    expect(gleich.json()).toEqual({ revision: 1, aenderungen: [] });
  });

  it("bad Ziele and Maßnahmen get German problems naming the field", async () => {
    const fehler = async (aendern: (i: StrategieInhalt) => void, feld: string, meldung: RegExp) => {
      const inhalt = entwurf();
      aendern(inhalt);
      const r = await put("steuer", "/steuerung/strategie", { revision: 1, inhalt });
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().detail).toMatch(meldung);
      expect(JSON.stringify(r.json())).toContain(feld);
    };
    const neuesZiel = (i: StrategieInhalt, z: Partial<StrategieInhalt["handlungsfelder"][0]["ziele"][0]>) =>
      i.handlungsfelder[1]!.ziele.push({ ...i.handlungsfelder[1]!.ziele[0]!, id: "z-neu", ...z });
    await fehler(
      (i) => neuesZiel(i, { kennzahl: "gibt.es.nicht" }),
      "/kennzahl",
      /gibt es im Kennzahlenkatalog nicht/,
    );
    await fehler((i) => neuesZiel(i, { zieldatum: "2025-12-31" }), "/zieldatum", /Vergangenheit/);
    await fehler((i) => neuesZiel(i, { zielwert: 140 }), "/zielwert", /zwischen 0 und 100/);
    await fehler((i) => neuesZiel(i, { id: "z-scan" }), "/id", /doppelt/);
    await fehler(
      (i) => (i.handlungsfelder[0]!.massnahmen[0]!.oeId = "00000000-0000-4000-8000-000000000000"),
      "/oeId",
      /Organisationseinheit gibt es nicht/,
    );
    expect((await strategie()).entwurf.revision).toBe(1);
  });

  it("a Ziel whose Kennzahl left the catalogue is kept and marked", async () => {
    const inhalt = entwurf();
    inhalt.handlungsfelder[1]!.ziele.push({
      id: "z-mikrofilm",
      titel: "Mikrofilm abgelöst",
      kennzahl: "akten.mikrofilm",
      zielwert: 0,
      richtung: "hoechstens",
      zieldatum: "2026-12-31",
    });
    // The Kennzahl existed when the Ziel was saved; since then the catalogue lost it.
    await repo.speichereEntwurf(ctx.db, inhalt, 2, clock.now(), steuerId);
    const st = await strategie();
    expect(st.zielstand.find((z) => z.zielId === "z-mikrofilm")).toMatchObject({
      imKatalog: false,
      kennzahlName: null,
      messwert: null,
      hinweis: "Kennzahl nicht mehr im Katalog",
    });
    // Saving other changes keeps the Ziel (it is not rejected as unknown).
    inhalt.titel = "E-Government-Strategie 2026";
    const r = await put("steuer", "/steuerung/strategie", { revision: 2, inhalt });
    expect(r.statusCode, r.body).toBe(200);
    expect((await strategie()).entwurf.inhalt.handlungsfelder[1]!.ziele.map((z) => z.id)).toContain(
      "z-mikrofilm",
    );
  });

  it("a Fortschreibung freezes the draft; two versions show their difference in sentences", async () => {
    const zukunft = await post("steuer", "/steuerung/strategie/fassungen", {
      beschlossenAm: "2026-05-01",
      notiz: "",
    });
    expect(zukunft.statusCode).toBe(400);
    expect(zukunft.json().detail).toMatch(/Zukunft/);
    const r1 = await post("steuer", "/steuerung/strategie/fassungen", {
      beschlossenAm: "2026-03-26",
      notiz: "Kreistagsbeschluss vom 26. März 2026",
    });
    expect(r1.statusCode, r1.body).toBe(201);
    expect(r1.json()).toEqual({ nummer: 1 });

    const st = await strategie();
    const inhalt = st.entwurf.inhalt;
    inhalt.handlungsfelder[0]!.ziele[0]!.zielwert = 90;
    inhalt.handlungsfelder[0]!.massnahmen[0]!.status = "abgeschlossen";
    inhalt.handlungsfelder[1]!.ziele = inhalt.handlungsfelder[1]!.ziele.filter((z) => z.id !== "z-mikrofilm");
    expect(
      (await put("steuer", "/steuerung/strategie", { revision: st.entwurf.revision, inhalt })).statusCode,
    ).toBe(200);
    const r2 = await post("steuer", "/steuerung/strategie/fassungen", {
      beschlossenAm: "2026-04-01",
      notiz: "Fortschreibung 2026",
    });
    expect(r2.json()).toEqual({ nummer: 2 });

    const f1 = await get("steuer", "/steuerung/strategie/fassungen/1");
    expect(f1.statusCode).toBe(200);
    expect(f1.json()).toMatchObject({
      nummer: 1,
      beschlossenAm: "2026-03-26",
      notiz: "Kreistagsbeschluss vom 26. März 2026",
    });
    expect(f1.json().inhalt.handlungsfelder[0].ziele[0].zielwert).toBe(80);

    const u = await get("steuer", "/steuerung/strategie/unterschied?von=1&bis=2");
    expect(u.statusCode, u.body).toBe(200);
    const { aenderungen } = u.json() as { aenderungen: string[] };
    expect(aenderungen).toContain("Ziel „Neue Akten elektronisch“: Zielwert 80 % → 90 %");
    expect(aenderungen).toContain("Ziel „Mikrofilm abgelöst“ entfernt");
    expect(
      aenderungen.some((a) => a.includes("Einführung in der Bauaufsicht") && a.includes("abgeschlossen")),
    ).toBe(true);
    expect((await strategie()).fassungen.map((f) => f.nummer)).toEqual(expect.arrayContaining([1, 2]));
  });

  it("an unknown version is not found", async () => {
    expect((await get("steuer", "/steuerung/strategie/fassungen/99")).statusCode).toBe(404);
    expect((await get("steuer", "/steuerung/strategie/unterschied?von=1&bis=99")).statusCode).toBe(404);
    expect((await get("steuer", "/steuerung/strategie/unterschied?von=x&bis=2")).statusCode).toBe(400);
  });

  it("a Leitung reads the strategy without county figures and cannot change it; clerks and the Personalrat cannot read it", async () => {
    const st = await strategie("leiter63");
    expect(st.darfBearbeiten).toBe(false);
    expect(st.zielstand.find((z) => z.zielId === "z-elektronisch")).toMatchObject({ messwert: null });
    // A Dezernent sees the county's value.
    expect((await strategie("dez1")).zielstand.find((z) => z.zielId === "z-elektronisch")!.messwert).toBe(
      100,
    );
    const r = await put("leiter63", "/steuerung/strategie", { revision: 0, inhalt: entwurf() });
    expect(r.statusCode).toBe(403);
    expect(
      (await post("leiter63", "/steuerung/strategie/fassungen", { beschlossenAm: "2026-03-01", notiz: "" }))
        .statusCode,
    ).toBe(403);
    for (const wer of ["b1", "pr"]) expect((await get(wer, "/steuerung/strategie")).statusCode).toBe(403);
  });
});

describe("Einführungsstand", () => {
  it("the Steuerung records an OE's roll-out; before/after compares the months around the go-live", async () => {
    const r = await put("steuer", `/steuerung/einfuehrung/${oe["63"]}`, {
      welle: "produktiv",
      pilotAb: "2026-01-15",
      produktivAb: "2026-02-01",
      geschultAnzahl: 3,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      welle: "produktiv",
      personen: 6,
      geschultAnzahl: 3,
      geschultAnteil: 50,
    });
    const d = await get("steuer", `/steuerung/einfuehrung/${oe["63"]}`);
    expect(d.statusCode, d.body).toBe(200);
    const detail = d.json() as {
      stichtag: string;
      vorherMonate: string[];
      nachherMonate: string[];
      vergleich: { kennzahl: string; vorher: number | null; nachher: number | null }[];
    };
    expect(detail.stichtag).toBe("2026-02-01");
    expect(detail.vorherMonate).toEqual(["2025-11", "2025-12", "2026-01"]);
    expect(detail.nachherMonate).toEqual(["2026-03", "2026-04", "2026-05"]);
    expect(detail.vergleich.find((v) => v.kennzahl === "akten.elektronisch")).toMatchObject({
      vorher: 50,
      nachher: 100,
    });
    // Without data on either side: empty, not zero.
    expect(detail.vergleich.find((v) => v.kennzahl === "scans.qualitaetskontrolle")).toMatchObject({
      vorher: null,
      nachher: null,
    });
    const protokoll = await ctx.db.query(`SELECT 1 FROM protokoll WHERE aktion = 'einfuehrung.geaendert'`);
    expect(protokoll.rowCount).toBe(1);
  });

  it("the list shows every OE; a group under five people shows no trained figures", async () => {
    const ok = await put("steuer", `/steuerung/einfuehrung/${oe["70"]}`, {
      welle: "geplant",
      geplantAb: "2026-09-01",
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const liste = (await get("steuer", "/steuerung/einfuehrung")).json() as {
      oe: { kuerzel: string };
      welle: string | null;
      personen: number | null;
      unterdrueckt: boolean;
      geschultAnteil: number | null;
    }[];
    expect(liste.map((e) => e.oe.kuerzel)).toEqual(expect.arrayContaining(["32", "63", "70", "ST"]));
    expect(liste.find((e) => e.oe.kuerzel === "70")).toMatchObject({
      welle: "geplant",
      personen: null,
      unterdrueckt: true,
      geschultAnteil: null,
    });
    expect(liste.find((e) => e.oe.kuerzel === "32")!.welle).toBeNull();
    const klein = (await get("steuer", `/steuerung/einfuehrung/${oe["70"]}`)).json() as {
      vergleich: unknown[];
    };
    expect(klein.vergleich).toEqual([]);
  });

  it("inconsistent entries get German problems; an unknown OE is not found", async () => {
    const fehler = async (body: unknown, meldung: RegExp) => {
      const r = await put("steuer", `/steuerung/einfuehrung/${oe["63"]}`, body);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().detail).toMatch(meldung);
    };
    await fehler({ welle: "pilot" }, /Pilotstarts/);
    await fehler({ welle: "produktiv", pilotAb: "2026-03-01", produktivAb: "2026-02-01" }, /der Reihe nach/);
    await fehler(
      { welle: "pilot", pilotAb: "2026-03-01", geschultAnzahl: 2, geschultProzent: 30 },
      /entweder/,
    );
    await fehler({ welle: "pilot", pilotAb: "2026-03-01", geschultAnzahl: 7 }, /mehr Geschulte/);
    await fehler({ welle: "bald" }, /.+/);
    for (const id of ["00000000-0000-4000-8000-000000000000", "kein-uuid"])
      expect((await put("steuer", `/steuerung/einfuehrung/${id}`, { welle: "geplant" })).statusCode).toBe(
        404,
      );
  });

  it("a Leitung sees its own OE; another Dezernat is not found for it; it cannot record", async () => {
    const liste = (await get("leiter32", "/steuerung/einfuehrung")).json() as { oe: { kuerzel: string } }[];
    expect(liste.map((e) => e.oe.kuerzel)).toEqual(["32"]);
    expect((await get("leiter32", `/steuerung/einfuehrung/${oe["32"]}`)).statusCode).toBe(200);
    for (const ziel of [oe["63"], oe.D2, oe.D1])
      expect((await get("leiter32", `/steuerung/einfuehrung/${ziel}`)).statusCode).toBe(404);
    for (const ziel of [oe.D2, oe["63"]])
      expect(
        (await get("leiter32", `/steuerung/kennzahlen?von=2026-03&bis=2026-03&oe=${ziel}`)).statusCode,
      ).toBe(404);
    expect(
      (await put("leiter32", `/steuerung/einfuehrung/${oe["32"]}`, { welle: "geplant" })).statusCode,
    ).toBe(403);
    // The Dezernent of Dezernat 1 sees the county, including Dezernat 2.
    expect((await get("dez1", `/steuerung/einfuehrung/${oe["63"]}`)).statusCode).toBe(200);
    for (const wer of ["b1", "pr"]) expect((await get(wer, "/steuerung/einfuehrung")).statusCode).toBe(403);
  });
});

describe("CSV-Injection", () => {
  it("cells starting with =, +, -, @ are defused in the CSV; numbers stay numbers", () => {
    for (const boese of ["=1+1", "+49 30 1234", "-2+3", "@SUMME(A1)", "\t=1"])
      expect(entschaerft(boese)).toBe(`'${boese}`);
    expect(entschaerft(-5)).toBe(-5);
    expect(entschaerft("Bauaufsicht")).toBe("Bauaufsicht");
    const csv = alsCsv({ kopf: ["A", "B"], zeilen: [["@cmd", -1.5]] });
    expect(csv).toContain("'@cmd;-1,5");
  });
});
