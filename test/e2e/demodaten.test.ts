import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  angemeldet,
  axe,
  browserVoraussetzung,
  startBrowser,
  startWebServer,
  type WebServer,
} from "../helpers/browser.js";

/**
 * Issue #15, item 7: on first start the demo county's dashboards show two years of figures, and
 * say plainly that they are demo data.
 */

const browserDa = browserVoraussetzung();
let server: WebServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

describe.runIf(browserDa)("Demo-Landkreis mit Vorgeschichte (Chromium)", { timeout: 240_000 }, () => {
  beforeAll(async () => {
    server = await startWebServer(undefined, { historie: true });
    ({ browser, close: closeBrowser } = await startBrowser());
  }, 240_000);
  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it("the Stabsstelle sees figures for the last year at once, marked as demo data, on both Steuerung pages", async () => {
    const page = await angemeldet(browser, server.url, "steuerung");
    await page.goto(`${server.url}/steuerung`);
    await page.getByRole("heading", { name: /^Kennzahlen/, level: 1 }).waitFor();
    const hinweis = page.locator(".kern-alert", { hasText: "Demodaten" });
    await hinweis.waitFor();
    expect(await hinweis.innerText()).toMatch(/Demodaten\s+Die Zahlen vom \d{2}\.\d{2}\.\d{4} bis/);
    const karte = page.getByRole("article", { name: "Neue Akten elektronisch geführt" });
    await karte.locator(".diagramm svg").waitFor();
    expect(await karte.locator(".kennzahl-wert").innerText()).toMatch(/\d+(,\d)? %/);
    await karte.getByText("Werte als Tabelle und Definition").click();
    // The default range is the last twelve months; the current one may have no day computed yet.
    const zeilen = await karte.getByRole("table").locator("tbody tr").allInnerTexts();
    expect(zeilen).toHaveLength(12);
    expect(zeilen.filter((z) => /\d+(,\d)? %/.test(z)).length).toBeGreaterThanOrEqual(11);
    expect(await page.getByText("Für diesen Zeitraum liegen keine Zahlen vor").count()).toBe(0);
    expect(await axe(page)).toEqual([]);

    await page.goto(`${server.url}/steuerung/strategie`);
    await page.getByRole("heading", { level: 1 }).waitFor();
    await page.locator(".kern-alert", { hasText: "Demodaten" }).waitFor();
    await page.context().close();
  });
});
