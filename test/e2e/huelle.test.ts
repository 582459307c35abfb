import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  angemeldet,
  ansagen,
  axe,
  browserVoraussetzung,
  erfolgsmeldung,
  startBrowser,
  startWebServer,
  type WebServer,
} from "../helpers/browser.js";

const browserDa = browserVoraussetzung();

let server: WebServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

describe.runIf(browserDa)("the app shell in the browser (Chromium)", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    server = await startWebServer();
    ({ browser, close: closeBrowser } = await startBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it("opens a page signed in without first asking the server who is signed in, and writes with the embedded CSRF token", async () => {
    const page = await angemeldet(browser, server.url, "mueller");
    const fehler: string[] = [];
    page.on("pageerror", (e) => fehler.push(String(e)));
    const gefragt: string[] = [];
    page.on("request", (r) => {
      if (new URL(r.url()).pathname === "/api/v1/auth/me") gefragt.push(r.url());
    });
    await page.goto(`${server.url}/akten/neu?einheit=63.10`);
    await page.getByRole("heading", { name: "Neue Akte" }).waitFor();
    expect(await page.getByText("Angemeldet als").count()).toBeGreaterThan(0);
    // The embedded block has served its purpose and left the page.
    expect(await page.locator("#aktenwerk-sitzung").count()).toBe(0);

    await page.getByLabel(/^Betreff/).fill("Carport, Birkenweg 3");
    await page.getByRole("button", { name: "Akte anlegen" }).click();
    const meldung = await erfolgsmeldung(page, /^Akte 63\.10-\d{4}\/\d{4} angelegt\./);
    // A success of one's own action is said once: where the focus lands, not again by a live region.
    const titel = (await meldung.locator(".kern-title").innerText()).trim();
    await page.waitForTimeout(400);
    expect(await ansagen(page, titel)).toBe(1);
    expect(gefragt).toEqual([]);
    expect(fehler).toEqual([]);
  });

  it("shows an Akte opened by its address from the answer that came with the page, and asks afresh on the way back", async () => {
    const page = await angemeldet(browser, server.url, "mueller");
    const link = page.locator("main table a[href^='/akten/']").first();
    await link.waitFor();
    const adresse = (await link.getAttribute("href"))!;
    const akteId = adresse.split("/")[2]!;
    const gefragt: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith("/api/")) gefragt.push(url.pathname + url.search);
    });
    await page.goto(`${server.url}${adresse}`);
    const titel = page.getByRole("heading", { level: 1 });
    await expect.poll(async () => (await titel.innerText()).trim()).toMatch(/^Akte /);
    expect(gefragt).not.toContain(`/api/v1/akten/${akteId}`);
    expect(await page.locator("#aktenwerk-vorab").count()).toBe(0);

    // Within the page the block is spent: a return to the Akte asks the server again.
    await page.locator("a.marke").click();
    await page.getByRole("heading", { level: 1, name: /^Guten Tag/ }).waitFor();
    await page.goBack();
    await expect.poll(() => gefragt.filter((g) => g === `/api/v1/akten/${akteId}`).length).toBe(1);
  });

  it("announces a setting changed in place once, by the live region, while the checkbox keeps the focus", async () => {
    const page = await angemeldet(browser, server.url, "mueller");
    await page.goto(`${server.url}/konto`);
    const kaestchen = page.getByLabel("Täglichen Bericht über meinen Postkorb per E-Mail erhalten");
    await kaestchen.click();
    await page.getByText("Der tägliche Bericht kommt per E-Mail.").first().waitFor();
    await page.waitForTimeout(400);
    expect(await kaestchen.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await ansagen(page, "Der tägliche Bericht kommt per E-Mail.")).toBe(1);
  });

  it("shows links without a class in KERN's link colour, not browser blue", async () => {
    const page = await angemeldet(browser, server.url, "mueller", { viewport: { width: 1280, height: 800 } });
    const akte = page.locator("main table a:not([class])").first();
    await akte.waitFor();
    const [farbe, kern] = await akte.evaluate((a) => {
      const probe = document.createElement("a");
      probe.className = "kern-link";
      probe.href = "#";
      probe.textContent = "Probe";
      a.parentElement!.append(probe);
      const ergebnis = [getComputedStyle(a).color, getComputedStyle(probe).color];
      probe.remove();
      return ergebnis;
    });
    expect(farbe).toBe(kern);
    expect(farbe).not.toBe("rgb(0, 0, 238)");
    expect(await akte.evaluate((a) => getComputedStyle(a).textDecorationLine)).toBe("underline");
    expect(await axe(page)).toEqual([]);
  });
});
