import fs from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  axe,
  browserVoraussetzung,
  SCREENSHOT_DIR,
  startBrowser,
  startWebServer,
  waehleAus,
  type WebServer,
  angemeldet,
  BREITEN,
} from "../helpers/browser.js";

const browserDa = browserVoraussetzung();

let server: WebServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

async function als(benutzername: string, breite: (typeof BREITEN)[number]): Promise<Page> {
  return angemeldet(browser, server.url, benutzername, {
    viewport: { width: breite.width, height: breite.height },
  });
}

async function bild(page: Page, name: string): Promise<void> {
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  const { width, height } = page.viewportSize()!;
  await page.screenshot({
    path: path.join(SCREENSHOT_DIR, `${name}-${width}x${height}.png`),
    fullPage: true,
  });
}

describe.runIf(browserDa)("Auswahl statt Ids (Chromium)", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    server = await startWebServer();
    ({ browser, close: closeBrowser } = await startBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  for (const breite of BREITEN) {
    it(`${breite.name}: the clerk registers a letter into the Vorgang found by its Bauherr, by keyboard, without an id`, async () => {
      const page = await als("mueller", breite);
      await page.goto(`${server.url}/posteingang`);
      const datei = `nachtrag-${breite.name}.txt`;
      await page.locator("#posteingang-dateien").setInputFiles({
        name: datei,
        mimeType: "text/plain",
        buffer: Buffer.from("Nachtrag zum Bauantrag: geänderter Lageplan."),
      });
      await page.getByRole("button", { name: "In den Posteingang" }).click();
      await page.getByRole("button", { name: `Bearbeiten: ${datei}` }).click();
      // Once the list is no longer busy, it answers what was typed: no option from the empty field's
      // recent list is left in it.
      const feld = page.getByRole("combobox", { name: /^Vorgang$/ });
      await feld.fill("schröder");
      const vorschlaege = page.locator(`[id="${await feld.getAttribute("aria-controls")}"]`);
      await vorschlaege.and(page.locator('[aria-busy="false"]')).waitFor({ state: "attached" });
      const texte = await vorschlaege.getByRole("option").allInnerTexts();
      expect(texte.length).toBeGreaterThan(0);
      for (const t of texte) expect(t.toLowerCase()).toContain("schröder");
      await feld.fill("");
      // "schröder" in lower case finds the Vorgang whose Bauherr is Katrin Schröder.
      const gewaehlt = await waehleAus(page, /^Vorgang$/, "schröder", /Bauantrag Familie Schröder/);
      expect(gewaehlt).toContain("Katrin Schröder");
      const box = page.getByRole("combobox", { name: /^Vorgang$/ });
      expect(await box.getAttribute("aria-expanded")).toBe("false");
      expect(await box.inputValue()).toMatch(/Bauantrag Familie Schröder$/);
      expect(await axe(page)).toEqual([]);
      await bild(page, "auswahl-registrierung");
      await page.getByRole("button", { name: "Registrieren" }).click();
      await page.getByRole("button", { name: `Bearbeiten: ${datei}` }).waitFor({ state: "detached" });
      const { rows } = await server.ctx.db.query<{ betreff: string }>(
        `SELECT v.betreff FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id WHERE d.titel = $1`,
        [datei.replace(/\.txt$/, "")],
      );
      expect(rows).toEqual([{ betreff: "Bauantrag Familie Schröder" }]);
      await page.context().close();
    });
  }

  it("the clerk starts a route to a person typed as „Wagner“ and an OE typed by name; a wrong pick is refused at its field", async () => {
    const page = await als("mueller", BREITEN[0]);
    const { rows } = await server.ctx.db.query<{ id: string }>(
      `SELECT v.id FROM vorgang v WHERE v.betreff = 'Bauantrag Familie Schröder'`,
    );
    await page.goto(`${server.url}/vorgaenge/${rows[0]!.id}`);
    await page.locator("summary", { hasText: "Geschäftsgang starten" }).click();
    await page.getByLabel(/^Laufwegvorlage/).selectOption({ label: "– eigener Laufweg –" });
    await page.getByLabel("Art von Schritt 1").selectOption("Mitzeichnung");
    // Text that names nobody is never sent as an id: the step's own field says what is missing.
    await page.getByRole("combobox", { name: /^An \(Schritt 1\)/ }).fill("Niemand Bekanntes");
    await page.getByRole("button", { name: "Geschäftsgang starten" }).click();
    const feldfehler = page.locator(".kern-error").filter({ hasText: /./ }).first();
    await feldfehler.waitFor();
    expect(await feldfehler.innerText()).not.toMatch(/\/schritte\//);
    expect(await waehleAus(page, /^An \(Schritt 1\)/, "Wagner", /Lena Wagner/)).toContain("70");
    await page.getByRole("button", { name: "Schritt hinzufügen" }).click();
    await page.getByLabel("Art von Schritt 2").selectOption("Kenntnisnahme");
    await waehleAus(page, /^An \(Schritt 2\)/, "kämmerei", /Kämmerei/);
    await page.getByRole("button", { name: "Geschäftsgang starten" }).click();
    await page
      .getByText(/an Lena Wagner/)
      .first()
      .waitFor();
    await page
      .getByText(/an Postkorb .*Kämmerei/)
      .first()
      .waitFor();
    expect(await axe(page)).toEqual([]);
    await page.context().close();
  });
});

describe.runIf(browserDa)("Kopf und Tastenkürzel (Chromium)", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    server = await startWebServer();
    ({ browser, close: closeBrowser } = await startBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it("on a phone the navigation is one menu button; the profile menu holds absence, e-mail and sign-out", async () => {
    const page = await als("mueller", BREITEN[1]);
    expect(await page.getByRole("link", { name: "Aktenplan" }).isVisible()).toBe(false);
    const menue = page.getByRole("button", { name: "Menü" });
    expect(await menue.getAttribute("aria-expanded")).toBe("false");
    await menue.click();
    expect(await menue.getAttribute("aria-expanded")).toBe("true");
    await page.getByRole("link", { name: "Aktenplan" }).click();
    await page.getByRole("heading", { name: "Aktenplan", level: 1 }).waitFor();
    expect(await menue.getAttribute("aria-expanded")).toBe("false");
    // Escape closes a menu and gives focus back to its button.
    const profil = page.getByRole("button", { name: /Profil und Einstellungen/ });
    await profil.click();
    await page.getByRole("link", { name: "Abwesenheit und Vertretung" }).waitFor();
    await page.keyboard.press("Escape");
    expect(await profil.getAttribute("aria-expanded")).toBe("false");
    expect(
      await page.evaluate(
        () => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent,
      ),
    ).toMatch(/Profil und Einstellungen/);
    expect(await axe(page)).toEqual([]);
    await bild(page, "kopf-telefon");
    await page.context().close();
  });

  it("shortcuts: ? lists them, / opens the search, j walks the Postkorb, they switch off and never fire in a field", async () => {
    const page = await als("mueller", BREITEN[0]);
    await page.keyboard.press("?");
    const hilfe = page.getByRole("dialog", { name: "Tastenkürzel" });
    await hilfe.getByRole("cell", { name: "Nächster Eintrag im Postkorb" }).waitFor();
    expect(await axe(page)).toEqual([]);
    await hilfe.getByRole("button", { name: "Schließen" }).click();
    await page.keyboard.press("/");
    await page.getByRole("heading", { name: "Suche", level: 1 }).waitFor();
    await page.waitForFunction(() => document.activeElement?.id === "suche-eingabe");
    // Typed into the search field, "g" is a letter, not "go home".
    await page.keyboard.type("g");
    expect(await page.inputValue("#suche-eingabe")).toBe("g");
    await page.locator("#suche-eingabe").blur();
    await page.keyboard.press("j");
    await page.getByRole("heading", { name: /^Vorgang / }).waitFor();
    // Switched off, the single keys do nothing.
    await page.keyboard.press("?");
    await hilfe.getByLabel("Tastenkürzel mit einzelnen Tasten verwenden").uncheck();
    await hilfe.getByRole("button", { name: "Schließen" }).click();
    const vorher = page.url();
    await page.keyboard.press("g");
    await page.waitForTimeout(300);
    expect(page.url()).toBe(vorher);
    await page.context().close();
  });
});
