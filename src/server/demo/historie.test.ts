import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { anfrage } from "../../../test/helpers/anfrage.js";
import { createTestContext, type TestContext } from "../../../test/helpers/context.js";
import { login, type Session } from "../../../test/helpers/factories.js";
import { buildApp } from "../app.js";
import { getOrganisationseinheit } from "../modules/access/access.service.js";
import { verifyProtokoll } from "../modules/protokoll/index.js";
import { ManualClock } from "../platform/clock.js";
import { planeHistorie } from "./historie.js";
import { seedDemo } from "./seed.js";

// The demo county with its two years of history, as `serve --demo` seeds it: the dashboards are
// filled on first start, marked as demo data, the same on every start of the same day, and they
// show groups only.

const JETZT = "2026-11-16T09:00:00Z";
const PASSWORT = "Demo-Passwort-2026";
const VON = "2024-11";
const BIS = "2026-10";

interface Monatswert {
  monat: string;
  wert: number | null;
  p90: number | null;
  anzahl: number;
}
interface Gruppe {
  oe: { id: string; kuerzel: string; name: string };
  personen: number | null;
  unterdrueckt: boolean;
  kennzahlen: Record<string, Monatswert[]>;
}
interface Uebersicht {
  monate: string[];
  gruppe: Gruppe;
  unten: Gruppe[];
  ausgeblendet: number;
  demodaten: { von: string; bis: string } | null;
}

interface Demo {
  ctx: TestContext;
  app: FastifyInstance;
  steuerung: Session;
  sekunden: number;
}

async function demoMitHistorie(): Promise<Demo> {
  const ctx = await createTestContext({ clock: new ManualClock(JETZT) });
  const start = performance.now();
  await seedDemo(ctx, PASSWORT, { historie: true });
  const sekunden = (performance.now() - start) / 1000;
  const app = await buildApp(ctx);
  return { ctx, app, steuerung: await login(app, "steuerung", PASSWORT), sekunden };
}

async function uebersicht(d: Demo, oe?: string): Promise<Uebersicht> {
  const r = await anfrage(
    d.app,
    d.steuerung,
    "GET",
    `/steuerung/kennzahlen?von=${VON}&bis=${BIS}${oe ? `&oe=${oe}` : ""}`,
  );
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Uebersicht;
}

async function oeId(d: Demo, kuerzel: string): Promise<string> {
  return (await getOrganisationseinheit(d.ctx, kuerzel)).id;
}

/** A group's figures by Kürzel, without the ids (which differ between two databases). */
const figuren = (u: Uebersicht) =>
  [u.gruppe, ...u.unten].map((g) => ({
    kuerzel: g.oe.kuerzel,
    personen: g.personen,
    kennzahlen: g.kennzahlen,
  }));

describe("Demo-Landkreis mit Vorgeschichte", () => {
  let erste: Demo;
  let zweite: Demo;
  beforeAll(async () => {
    erste = await demoMitHistorie();
    zweite = await demoMitHistorie();
    console.log(`Demo-Landkreis mit Vorgeschichte angelegt in ${erste.sekunden.toFixed(1)} s`);
  }, 120_000);
  afterAll(async () => {
    for (const d of [erste, zweite]) {
      await d?.app.close();
      await d?.ctx.cleanup();
    }
  });

  it("plans the same history for the same day, and nothing from that day on", () => {
    const plan = planeHistorie("2026-11-16");
    expect(planeHistorie("2026-11-16")).toEqual(plan);
    expect(plan.length).toBeGreaterThan(1000);
    const vorgaenge = plan.flatMap((a) => a.vorgaenge);
    expect(vorgaenge.length).toBeGreaterThan(plan.length);
    const spaetestens = Date.parse("2026-11-16T00:00:00Z");
    expect(plan.every((a) => a.erstelltAm.getTime() < spaetestens)).toBe(true);
    expect(vorgaenge.every((v) => (v.zdaAm?.getTime() ?? 0) < Date.parse(JETZT))).toBe(true);
  });

  it("shows the same figures after seeding the same day twice", async () => {
    const kreis = await uebersicht(erste);
    expect(figuren(await uebersicht(zweite))).toEqual(figuren(kreis));
  });

  it("shows a Bauaufsicht with values in each of the last 24 months, marked as demo data", async () => {
    const kreis = await uebersicht(erste);
    expect(kreis.demodaten).toEqual({ von: "2024-11-15", bis: "2026-11-15" });
    const u = await uebersicht(erste, await oeId(erste, "63"));
    expect(u.gruppe.unterdrueckt).toBe(false);
    expect(u.monate).toHaveLength(24);
    for (const kennzahl of [
      "akten.elektronisch",
      "eingaenge.email",
      "eingang.zu_den_akten",
      "vorgaenge.laufzeit",
      "vorgaenge.offen",
      "fristen.eingehalten",
      "schritte.mitzeichnung",
      "schritte.zeichnung",
      "wiedervorlagen.puenktlich",
      "scans.qualitaetskontrolle",
      "abgaenge.gezeichnet",
      "benutzer.aktiv",
    ]) {
      const leer = u.gruppe.kennzahlen[kennzahl]!.filter((m) => m.wert === null).map((m) => m.monat);
      expect(leer, kennzahl).toEqual([]);
    }
    // The roll-out story: electronic Akten from about a third to most, in the county as a whole.
    const elektronisch = kreis.gruppe.kennzahlen["akten.elektronisch"]!;
    expect(elektronisch[0]!.wert!).toBeLessThan(40);
    expect(elektronisch.at(-1)!.wert!).toBeGreaterThan(65);
    const laufzeit = u.gruppe.kennzahlen["vorgaenge.laufzeit"]!;
    expect(laufzeit.at(-1)!.wert!).toBeLessThan(laufzeit[0]!.wert!);
    const aktiv = u.gruppe.kennzahlen["benutzer.aktiv"]!;
    expect(aktiv.at(-1)!.wert!).toBeGreaterThan(aktiv[0]!.wert! + 30);
  });

  it("compares the Bauaufsicht before and after its go-live", async () => {
    const liste = await anfrage(erste.app, erste.steuerung, "GET", "/steuerung/einfuehrung");
    expect(liste.statusCode, liste.body).toBe(200);
    const staende = liste.json() as { oe: { id: string; kuerzel: string }; welle: string | null }[];
    expect(staende.filter((s) => s.welle === "produktiv").map((s) => s.oe.kuerzel)).toEqual(
      expect.arrayContaining(["10", "36", "50", "51", "63"]),
    );
    const r = await anfrage(
      erste.app,
      erste.steuerung,
      "GET",
      `/steuerung/einfuehrung/${await oeId(erste, "63")}`,
    );
    expect(r.statusCode, r.body).toBe(200);
    const vergleich = (r.json() as { vergleich: { kennzahl: string; vorher: number; nachher: number }[] })
      .vergleich;
    const e = vergleich.find((v) => v.kennzahl === "akten.elektronisch")!;
    expect(e.nachher - e.vorher).toBeGreaterThan(20);
  });

  it("has a strategy whose three Ziele show measured values, marked as demo data", async () => {
    const r = await anfrage(erste.app, erste.steuerung, "GET", "/steuerung/strategie");
    expect(r.statusCode, r.body).toBe(200);
    const st = r.json() as {
      fassungen: unknown[];
      zielstand: { messwert: number | null; bewertung: string }[];
      demodaten: unknown;
    };
    expect(st.fassungen).toHaveLength(1);
    expect(st.zielstand).toHaveLength(3);
    expect(st.zielstand.every((z) => z.messwert !== null && z.bewertung !== "unbekannt")).toBe(true);
    expect(st.demodaten).toEqual({ von: "2024-11-15", bis: "2026-11-15" });
  });

  it("gives no figure about fewer than five people, in any group the Steuerung can open", async () => {
    const offen = [await uebersicht(erste)];
    const gesehen: Gruppe[] = [];
    while (offen.length > 0) {
      const u = offen.pop()!;
      for (const g of [u.gruppe, ...u.unten]) {
        if (gesehen.some((x) => x.oe.id === g.oe.id)) continue;
        gesehen.push(g);
        if (g.unterdrueckt) expect(g.kennzahlen).toEqual({});
        else {
          expect(g.personen!).toBeGreaterThanOrEqual(5);
          if (g.oe.id !== "kreis") offen.push(await uebersicht(erste, g.oe.id));
        }
      }
    }
    const gezeigt = gesehen.filter((g) => !g.unterdrueckt).map((g) => g.oe.kuerzel);
    // Several Ämter show figures; the Umweltamt (four people) only inside its Dezernat.
    expect(gezeigt).toEqual(expect.arrayContaining(["10", "20", "36", "50", "51", "63"]));
    expect(gezeigt).not.toContain("70");
  });

  it("keeps the Protokoll chain intact", async () => {
    expect((await verifyProtokoll(erste.ctx.db)).ok).toBe(true);
  });
});
