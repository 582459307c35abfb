import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  axe,
  browserVoraussetzung,
  DEMO_PASSWORT,
  erfolgsmeldung,
  startBrowser,
  startWebServer,
  type WebServer,
} from "../helpers/browser.js";

const browserDa = browserVoraussetzung();

let server: WebServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

describe.runIf(browserDa)("Mein Konto im Browser (Chromium)", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    server = await startWebServer();
    ({ browser, close: closeBrowser } = await startBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it("lists this device, creates a token shown once, revokes it, and has no axe violations", async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      locale: "de-DE",
      timezoneId: "Europe/Berlin",
    });
    const page = await context.newPage();
    const fehler: string[] = [];
    page.on("pageerror", (e) => fehler.push(String(e)));
    await page.goto(`${server.url}/`);
    await page.getByLabel("Benutzername").fill("mueller");
    await page.getByLabel("Passwort", { exact: true }).fill(DEMO_PASSWORT);
    await page.getByRole("button", { name: "Anmelden" }).click();
    await page.getByRole("heading", { name: /Guten Tag/ }).waitFor();

    await page.getByRole("button", { name: /Profil und Einstellungen/ }).click();
    await page.getByRole("link", { name: "Mein Konto" }).click();
    await page.getByRole("heading", { name: "Mein Konto", level: 1 }).waitFor();
    await page.getByText("Dieses Gerät").waitFor();
    await page.waitForLoadState("networkidle");
    expect(await axe(page)).toEqual([]);
    // On a phone the table of devices scrolls sideways: it is a named region one can Tab to.
    await page.setViewportSize({ width: 390, height: 844 });
    const geraete = page.getByRole("region", { name: /^Ihre Sitzungen/ });
    await expect.poll(() => geraete.count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    expect(await geraete.getAttribute("tabindex")).toBe("0");
    // Where it fits, it is no extra tab stop.
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(() => geraete.count()).toBe(0);

    // "Name", not "Name des Passkeys" (the second factor's section above).
    await page.getByLabel(/^Name(?! des Passkeys)/).fill("Fachverfahren Bau");
    await page.getByLabel(/^Bereich/).selectOption("lesen");
    await page.getByRole("button", { name: "Token erzeugen" }).click();
    const neu = page.getByLabel("Ihr neues API-Token", { exact: true });
    await neu.waitFor();
    expect(await neu.inputValue()).toMatch(/^akw_/);
    await expect.poll(() => neu.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.getByRole("cell", { name: "Fachverfahren Bau", exact: true }).waitFor();
    expect(await axe(page)).toEqual([]);

    await page.getByRole("button", { name: /^Widerrufen\s*: Fachverfahren Bau$/ }).click();
    // The button is gone with the token's validity: the result above the table has the focus.
    await erfolgsmeldung(page, "Token „Fachverfahren Bau“ widerrufen.", { mitLink: false });
    await page.getByRole("cell", { name: "widerrufen", exact: true }).waitFor();
    expect(fehler).toEqual([]);
    await context.close();
  });
});
