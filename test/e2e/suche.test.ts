import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAkte } from "../../src/server/modules/schriftgut/index.js";
import { getBenutzer, loadActor } from "../../src/server/modules/access/index.js";
import {
  axe,
  browserVoraussetzung,
  startBrowser,
  startWebServer,
  type WebServer,
  angemeldet,
} from "../helpers/browser.js";

const browserDa = browserVoraussetzung();

let server: WebServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

async function als(benutzername: string): Promise<Page> {
  return angemeldet(browser, server.url, benutzername, { viewport: { width: 1366, height: 768 } });
}

describe.runIf(browserDa)("Alles auffindbar (Chromium)", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    server = await startWebServer();
    ({ browser, close: closeBrowser } = await startBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it("„Carport“ finds the Akte and the Vorgang, narrows by kind, sorts, and is saved for the Amt", async () => {
    const page = await als("mueller");
    await page.getByRole("link", { name: "Suche" }).first().click();
    await page.getByLabel("Suchbegriff").fill("Carport");
    await page.getByRole("button", { name: "Suchen" }).click();
    await page.getByRole("link", { name: /Errichtung eines Carports/ }).waitFor();
    await page.getByRole("link", { name: /Bauantrag Carport/ }).waitFor();
    const arten = page.getByRole("navigation", { name: "Nach Art eingrenzen" });
    await arten.getByRole("link", { name: "Akten" }).click();
    await page.waitForURL(/art=akte/);
    await page.getByRole("link", { name: /Bauantrag Carport/ }).waitFor({ state: "detached" });
    await page.getByRole("link", { name: /Errichtung eines Carports/ }).waitFor();
    await page.getByLabel("Sortierung").selectOption("neueste");
    await page.waitForURL(/sortierung=neueste/);
    expect(await axe(page)).toEqual([]);
    // Saved for the Bauaufsicht: the Leitung of the same Amt finds it in the list.
    await page.locator("summary", { hasText: "Diese Suche speichern" }).click();
    await page.getByLabel("Name der Suche").fill("Carport-Akten");
    await page.getByLabel(/^Teilen mit/).selectOption({ label: "63 Bauaufsicht" });
    await page.getByRole("button", { name: "Speichern" }).click();
    await page.getByText("Die Suche „Carport-Akten“ ist gespeichert.").waitFor();
    await page.context().close();

    const leitung = await als("schmidt");
    await leitung.goto(`${server.url}/suche`);
    await leitung.getByRole("link", { name: "Carport-Akten" }).click();
    await leitung.waitForURL(/q=Carport/);
    await leitung.getByRole("link", { name: /Errichtung eines Carports/ }).waitFor();
    await leitung.context().close();
  });

  it("the Aktenplan lists more than 50 Akten of a unit, page by page", async () => {
    const mueller = await loadActor(server.ctx.db, await getBenutzer(server.ctx, "mueller"), "sitzung");
    for (let i = 1; i <= 55; i++)
      await createAkte(server.ctx, mueller, {
        aktenplaneinheit: "63.10",
        betreff: `Reihenakte ${String(i).padStart(2, "0")}`,
        federfuehrendeOe: "63",
      });
    const page = await als("mueller");
    await page.goto(`${server.url}/aktenplan`);
    await page.getByLabel(/Im Aktenplan suchen/).fill("63.10");
    await page
      .getByRole("button", { name: /^63\.10 / })
      .first()
      .click();
    const tabelle = page.getByRole("table", { name: /Akten unter 63\.10/ });
    await tabelle.waitFor();
    expect(await tabelle.getByRole("row").count()).toBe(51);
    await page.getByRole("button", { name: /Weitere Akten laden/ }).click();
    await page.getByRole("button", { name: /Weitere Akten laden/ }).waitFor({ state: "detached" });
    // 55 new ones and the demo county's own Akten under 63.10, each once.
    const zeilen = await tabelle.getByRole("row").allInnerTexts();
    expect(zeilen.length - 1).toBeGreaterThanOrEqual(57);
    expect(new Set(zeilen).size).toBe(zeilen.length);
    await page.context().close();
  });
});
