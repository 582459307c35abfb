import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { berechneTage } from "../../src/server/modules/steuerung/berechnung.service.js";
import { anfrage } from "../helpers/anfrage.js";
import {
  angemeldet,
  axe,
  BREITEN,
  browserVoraussetzung,
  DEMO_PASSWORT,
  erfolgsmeldung,
  startBrowser,
  startWebServer,
  waehleAus,
  type WebServer,
} from "../helpers/browser.js";
import { createUser, login } from "../helpers/factories.js";
import { pdfText } from "../helpers/pdf.js";

/**
 * Issue #15 done: the Stabsstelle E-Government records the strategy (two Handlungsfelder, three
 * Ziele), the dashboard shows measured values as charts and tables, a Fortschreibung shows its
 * difference, the Verwaltungsbericht is filed in the Stabsstelle's Akte and its pages are drawn;
 * the Personalrat reads the Kennzahlenkatalog and reaches no figure at all.
 */

const browserDa = browserVoraussetzung();
const [DESKTOP, TELEFON] = BREITEN;
let server: WebServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let vorgangId = "";
const heute = new Date().toISOString().slice(0, 10);

/** axe finds nothing at both widths; the page returns to the desk width. */
async function barrierefrei(page: Page, name: string): Promise<void> {
  for (const b of [DESKTOP, TELEFON]) {
    await page.setViewportSize({ width: b.width, height: b.height });
    await page.evaluate(() => new Promise((f) => requestAnimationFrame(() => requestAnimationFrame(f))));
    expect(await axe(page), `${name} bei ${b.width} px`).toEqual([]);
  }
  await page.setViewportSize({ width: DESKTOP.width, height: DESKTOP.height });
}

describe.runIf(browserDa)(
  "Steuerung: Strategie, Kennzahlen, Bericht (Chromium)",
  { timeout: 240_000 },
  () => {
    beforeAll(async () => {
      server = await startWebServer();
      ({ browser, close: closeBrowser } = await startBrowser());
      // Work of the day: the Bauaufsicht opens Akten (one kept on paper too), the Stabsstelle its
      // Akte for the reports; then the nightly figures are computed for today.
      const mueller = await login(server.app, "mueller", DEMO_PASSWORT);
      for (const papier of [undefined, undefined, undefined, "Registratur 63, Regal 2"]) {
        const r = await anfrage(server.app, mueller, "POST", "/akten", {
          aktenplaneinheit: "63.30",
          federfuehrendeOe: "63",
          betreff: "Bauantrag Steuerungstest",
          ...(papier ? { papierablage: papier } : {}),
        });
        expect(r.statusCode, r.body).toBe(201);
      }
      const steuerung = await login(server.app, "steuerung", DEMO_PASSWORT);
      const akte = await anfrage(server.app, steuerung, "POST", "/akten", {
        aktenplaneinheit: "01.40",
        federfuehrendeOe: "StE",
        betreff: "E-Government-Strategie",
      });
      expect(akte.statusCode, akte.body).toBe(201);
      const vorgang = await anfrage(server.app, steuerung, "POST", `/akten/${akte.json().id}/vorgaenge`, {
        betreff: "Verwaltungsberichte an den Kreistag",
      });
      vorgangId = (vorgang.json() as { id: string }).id;
      await berechneTage(server.ctx, heute, heute);
    });
    afterAll(async () => {
      await closeBrowser?.();
      await server?.close();
    });

    it("the Stabsstelle records the strategy, sees measured values, compares two Fortschreibungen and files the report", async () => {
      const page = await angemeldet(browser, server.url, "steuerung", {
        viewport: { width: DESKTOP.width, height: DESKTOP.height },
      });
      await page
        .getByRole("navigation", { name: "Hauptnavigation" })
        .getByRole("link", { name: "Steuerung" })
        .first()
        .waitFor();
      await page.goto(`${server.url}/steuerung/strategie`);
      await page.getByRole("heading", { name: "Strategie", level: 1 }).waitFor();

      const form = (name: string) => page.getByRole("form", { name });
      for (const titel of ["Elektronische Akte", "Digitaler Posteingang"]) {
        await form("Handlungsfeld hinzufügen").getByLabel("Titel des Handlungsfelds").fill(titel);
        await form("Handlungsfeld hinzufügen")
          .getByRole("button", { name: "Handlungsfeld hinzufügen" })
          .click();
        await page.getByRole("heading", { name: `Handlungsfeld: ${titel}` }).waitFor();
      }
      const ziele: [string, string, string, string][] = [
        ["Elektronische Akte", "Neue Akten elektronisch", "Neue Akten elektronisch geführt (%)", "80"],
        ["Elektronische Akte", "Weniger offene Vorgänge", "Offene Vorgänge", "500"],
        ["Digitaler Posteingang", "Scans geprüft", "Scans mit Qualitätskontrolle (%)", "95"],
      ];
      for (const [feld, titel, kennzahl, wert] of ziele) {
        const f = form("Ziel hinzufügen");
        await f.getByLabel("Handlungsfeld").selectOption({ label: feld });
        await f.getByLabel("Ziel", { exact: true }).fill(titel);
        await f.getByLabel("Kennzahl").selectOption({ label: kennzahl });
        if (titel.startsWith("Weniger")) await f.getByLabel("Richtung").selectOption("hoechstens");
        await f.getByLabel("Zielwert").fill(wert);
        await f.getByLabel("Zieldatum").fill("2027-12-31");
        await f.getByRole("button", { name: "Ziel hinzufügen" }).click();
        await page.getByRole("rowheader", { name: titel }).waitFor();
      }
      // The measured value of today's Akten: three of four electronic.
      const zeile = page.getByRole("row", { name: /Neue Akten elektronisch/ });
      await expect.poll(() => zeile.innerText()).toMatch(/75 %/);
      expect(await zeile.innerText()).toMatch(/erreicht|Kurs|offen/);
      await barrierefrei(page, "Strategie");

      const fortschreiben = async (notiz: string) => {
        const f = form("Fortschreibung beschließen");
        await f.getByLabel("Beschlossen am").fill(heute);
        await f.getByLabel("Notiz").fill(notiz);
        await f.getByRole("button", { name: "Fortschreibung beschließen" }).click();
      };
      await fortschreiben("Kreistagsbeschluss");
      await erfolgsmeldung(page, "Fortschreibung beschlossen: Fassung 1.", { mitLink: false });
      const aendern = form("Ziel ändern");
      await aendern.getByLabel("Ziel", { exact: true }).selectOption({ label: "Neue Akten elektronisch" });
      await aendern.getByLabel("Neuer Zielwert").fill("90");
      await aendern.getByRole("button", { name: "Ziel ändern" }).click();
      await erfolgsmeldung(page, "Strategie gespeichert.", { mitLink: false });
      await fortschreiben("Fortschreibung");
      await erfolgsmeldung(page, "Fortschreibung beschlossen: Fassung 2.", { mitLink: false });
      const vergleich = page.getByRole("form", { name: "Fassungen vergleichen" });
      await vergleich.getByLabel("Ältere Fassung").selectOption("1");
      await vergleich.getByLabel("Neuere Fassung").selectOption("2");
      await vergleich.getByRole("button", { name: "Unterschied zeigen" }).click();
      await page.getByText("Ziel „Neue Akten elektronisch“: Zielwert 80 % → 90 %").waitFor();
      await barrierefrei(page, "Fortschreibung");

      // The dashboard: charts as SVG with a text alternative, the same values as a table.
      await page.goto(`${server.url}/steuerung`);
      await page.getByRole("heading", { name: /^Kennzahlen/, level: 1 }).waitFor();
      const karte = page.getByRole("article", { name: "Neue Akten elektronisch geführt" });
      await karte.locator(".diagramm svg").waitFor();
      expect(await karte.locator(".diagramm").getAttribute("aria-label")).toMatch(/75 %/);
      // A keyboard user reaches the chart.
      await karte.locator(".diagramm").focus();
      expect(await karte.locator(".diagramm").evaluate((el) => el === document.activeElement)).toBe(true);
      await karte.getByText("Werte als Tabelle und Definition").click();
      expect(await karte.getByRole("table").innerText()).toMatch(/75 %/);
      expect(await page.getByRole("link", { name: "CSV (Excel)" }).getAttribute("href")).toMatch(
        /kennzahlen\.csv/,
      );
      await barrierefrei(page, "Kennzahlen");

      // The Verwaltungsbericht: filed in the Stabsstelle's Vorgang, its pages drawn by the viewer.
      const bericht = page.getByRole("region", { name: "Verwaltungsbericht E-Government" });
      // The Vorgang is found by its Betreff, not typed as an id.
      await waehleAus(
        page,
        /^Vorgang für die Berichte/,
        "verwaltungsbericht",
        /Verwaltungsberichte an den Kreistag/,
      );
      await bericht.getByRole("button", { name: "Ablage speichern" }).click();
      await erfolgsmeldung(page, "Ablage des Berichts gespeichert.", { mitLink: false });
      await bericht.getByRole("button", { name: "Verwaltungsbericht erstellen" }).click();
      const meldung = await erfolgsmeldung(page, /Verwaltungsbericht erstellt und abgelegt/);
      const href = (await meldung.getByRole("link", { name: "Bericht öffnen" }).getAttribute("href"))!;
      const dokumentId = href.split("/").at(-1)!;
      const steuerung = await login(server.app, "steuerung", DEMO_PASSWORT);
      const dok = (await anfrage(server.app, steuerung, "GET", `/dokumente/${dokumentId}`)).json() as {
        vorgangId?: string;
        vorgang?: { id: string };
      };
      expect(dok.vorgangId ?? dok.vorgang?.id).toBe(vorgangId);
      const inhalt = await anfrage(
        server.app,
        steuerung,
        "GET",
        `/dokumente/${dokumentId}/versionen/1/inhalt`,
      );
      expect(inhalt.statusCode).toBe(200);
      expect(await pdfText(inhalt.rawPayload)).toMatch(/Verwaltungsbericht/);
      await meldung.getByRole("link", { name: "Bericht öffnen" }).click();
      const seite = page.getByRole("img", { name: /^Seite 1 von \d+/ }).first();
      await seite.waitFor();
      await expect
        .poll(() => seite.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0))
        .toBe(true);
      await page.context().close();
    });

    it("the Stabsstelle records Dezernat II's go-live and reads each Kennzahl before and after it", async () => {
      // A fifth person joins Dezernat II's Umweltamt: the Dezernat becomes a group large enough for
      // figures (its Ämter alone stay below five). Productive since the first of last month: this
      // month's Akten of its Bauaufsicht are "after", nothing is "before".
      await createUser(server.ctx, {
        nachname: "Umweltmann",
        rollen: [{ oe: "70", rolle: "Sachbearbeitung" }],
      });
      const d = new Date(`${heute}T00:00:00Z`);
      const start = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
      const steuerung = await login(server.app, "steuerung", DEMO_PASSWORT);
      const oe = (
        (await anfrage(server.app, steuerung, "GET", "/steuerung/einfuehrung")).json() as {
          oe: { id: string; kuerzel: string };
        }[]
      ).find((e) => e.oe.kuerzel === "D2")!.oe.id;
      const r = await anfrage(server.app, steuerung, "PUT", `/steuerung/einfuehrung/${oe}`, {
        welle: "produktiv",
        pilotAb: start,
        produktivAb: start,
        geschultProzent: 80,
      });
      expect(r.statusCode, r.body).toBe(200);
      // What the records say: this month's new Akten of the Dezernat's OEs, and how many have no paper.
      await berechneTage(server.ctx, heute, heute);
      const { rows } = await server.ctx.db.query<{ alle: string; ohne: string }>(
        `SELECT count(*) AS alle, count(*) FILTER (WHERE a.papierablage IS NULL) AS ohne
         FROM akte a JOIN organisationseinheit o ON o.id = a.federfuehrende_oe_id
         WHERE o.kuerzel IN ('D2', '63', '70') AND a.erstellt_am >= date_trunc('month', now())`,
      );
      const anteil = (100 * Number(rows[0]!.ohne)) / Number(rows[0]!.alle);
      expect(Number(rows[0]!.alle)).toBeGreaterThanOrEqual(4);
      const page = await angemeldet(browser, server.url, "steuerung");
      await page.goto(`${server.url}/steuerung/strategie`);
      await page.getByRole("link", { name: /^D2 Dezernat II/ }).click();
      await page.getByRole("heading", { name: /^Einführungsstand: D2 Dezernat II/, level: 1 }).waitFor();
      const zeile = page
        .locator("tr")
        .filter({ has: page.getByRole("rowheader", { name: "Neue Akten elektronisch geführt" }) });
      await zeile.waitFor();
      // All new Akten lie in the months after the start, none before.
      const erwartet = `${new Intl.NumberFormat("de-DE", { maximumFractionDigits: 1 }).format(anteil)} %`;
      expect(await zeile.locator("td").allInnerTexts()).toEqual(["–", erwartet, "–"]);
      expect(await page.getByText("80 %").count()).toBeGreaterThan(0);
      await barrierefrei(page, "Einführungsstand");
      await page.context().close();
    });

    it("the Personalrat reads the Kennzahlenkatalog and reaches no figure", async () => {
      const page = await angemeldet(browser, server.url, "personalrat", {
        viewport: { width: TELEFON.width, height: TELEFON.height },
      });
      await page.goto(`${server.url}/steuerung/katalog`);
      await page.getByRole("heading", { name: "Kennzahlenkatalog", level: 1 }).waitFor();
      await page.getByText("Neue Akten elektronisch geführt").first().waitFor();
      expect(await page.getByText(/Sichtbar für/).count()).toBeGreaterThan(5);
      await barrierefrei(page, "Kennzahlenkatalog");
      // No menu entry to the figures, and the figures themselves are refused.
      expect(
        await page.getByRole("link", { name: "Kennzahlenkatalog", exact: true }).count(),
      ).toBeGreaterThan(0);
      expect(await page.getByRole("link", { name: "Steuerung", exact: true }).count()).toBe(0);
      await page.goto(`${server.url}/steuerung`);
      await page.getByRole("alert").first().waitFor();
      expect(await page.locator(".diagramm").count()).toBe(0);
      const pr = await login(server.app, "personalrat", DEMO_PASSWORT);
      const monat = heute.slice(0, 7);
      for (const pfad of [
        `/steuerung/kennzahlen?von=${monat}&bis=${monat}`,
        `/steuerung/kennzahlen.csv?von=${monat}&bis=${monat}`,
        "/steuerung/einfuehrung",
        "/steuerung/strategie",
      ])
        expect((await anfrage(server.app, pr, "GET", pfad)).statusCode, pfad).toBe(403);
      await page.context().close();
    });
  },
);
