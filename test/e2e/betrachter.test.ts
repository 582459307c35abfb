import fs from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mehrseitigesPdf } from "../../src/server/demo/pdf.js";
import {
  angemeldet,
  axe,
  BREITEN,
  browserVoraussetzung,
  erfolgsmeldung,
  SCREENSHOT_DIR,
  startBrowser,
  startWebServer,
  type WebServer,
} from "../helpers/browser.js";

const browserDa = browserVoraussetzung();

let server: WebServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let dokumentId: string;

/** The page the viewer shows: its alt text ("Seite 2 von 3") once the server's image is decoded. */
async function gezeigteSeite(page: Page): Promise<string> {
  const bild = page.locator("img.betrachter__seite");
  await expect
    .poll(() => bild.evaluate((b: HTMLImageElement) => b.complete && b.naturalWidth > 0).catch(() => false), {
      timeout: 20_000,
    })
    .toBe(true);
  return (await bild.getAttribute("alt")) ?? "";
}

async function bildschirmfoto(page: Page, name: string): Promise<void> {
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

describe.runIf(browserDa)("Dokument-Betrachter (Chromium)", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    server = await startWebServer();
    ({ browser, close: closeBrowser } = await startBrowser());
    // The demo's Bauantrag: three pages (Antrag, Baubeschreibung, Lageplan).
    const { rows } = await server.ctx.db.query<{ id: string }>(
      "SELECT id FROM dokument WHERE titel = 'Bauantrag Einfamilienhaus Lindenweg 12'",
    );
    dokumentId = rows[0]!.id;
  });
  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it("shows the server's first page at once, pages, zooms, rotates, finds a word, and takes a new version with its reason", async () => {
    const { width, height } = BREITEN[0];
    const page = await angemeldet(browser, server.url, "mueller", { viewport: { width, height } });
    const fehler: string[] = [];
    page.on("pageerror", (e) => fehler.push(String(e)));
    await page.goto(`${server.url}/dokumente/${dokumentId}`);
    await page.getByRole("heading", { name: "Bauantrag Einfamilienhaus Lindenweg 12" }).waitFor();
    expect(await gezeigteSeite(page)).toBe("Seite 1 von 3");
    // Drawn by the server, at a fixed width, with its box reserved by width and height.
    const bild = page.locator("img.betrachter__seite");
    expect(await bild.getAttribute("src")).toMatch(/\/seitenbild\?seite=1&breite=(800|1200|1600)$/);
    expect(Number(await bild.getAttribute("width"))).toBeGreaterThan(300);
    expect(Number(await bild.getAttribute("height"))).toBeGreaterThan(
      Number(await bild.getAttribute("width")),
    );
    const uebersicht = page.getByRole("navigation", { name: "Seitenübersicht" });
    expect(await uebersicht.getByRole("img").count()).toBe(3);
    expect(await axe(page)).toEqual([]);
    await bildschirmfoto(page, "betrachter-desktop");

    // Pages: buttons, the page number field, the keyboard and the thumbnails.
    await page.getByRole("button", { name: "Nächste Seite" }).click();
    expect(await gezeigteSeite(page)).toBe("Seite 2 von 3");
    await page.getByLabel("Seite", { exact: true }).fill("3");
    await page.getByLabel("Seite", { exact: true }).press("Enter");
    expect(await gezeigteSeite(page)).toBe("Seite 3 von 3");
    expect(await page.getByRole("button", { name: "Nächste Seite" }).isDisabled()).toBe(true);
    await page.getByRole("region", { name: /^Seite 3 von 3/ }).focus();
    await page.keyboard.press("PageUp");
    expect(await gezeigteSeite(page)).toBe("Seite 2 von 3");
    await uebersicht.getByRole("button", { name: /^Seite 1 von 3/ }).click();
    expect(await gezeigteSeite(page)).toBe("Seite 1 von 3");
    expect(
      await uebersicht.getByRole("button", { name: /^Seite 1 von 3/ }).getAttribute("aria-current"),
    ).toBe("page");

    // Zoom: larger, then back to the page width.
    const breiteBei = async () => (await bild.boundingBox())!.width;
    const passend = await breiteBei();
    await page.getByRole("button", { name: "Vergrößern" }).click();
    await expect.poll(breiteBei).toBeGreaterThan(passend * 1.2);
    await page.getByRole("button", { name: "Seitenbreite" }).click();
    await expect.poll(breiteBei).toBeCloseTo(passend, 0);

    // Rotate by 90°: the page lies on its side, its box is wider than high.
    await page.getByRole("button", { name: "Drehen" }).click();
    expect(await bild.getAttribute("style")).toContain("rotate(90deg)");
    const box = (await page.locator(".betrachter__box").boundingBox())!;
    expect(box.width).toBeGreaterThan(box.height);
    for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Drehen" }).click();
    expect(await bild.getAttribute("style")).toContain("rotate(0deg)");

    // Full screen, with a German button to leave it again.
    await page.getByRole("button", { name: "Vollbild", exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
    await page.getByRole("button", { name: "Vollbild beenden" }).click();
    await expect.poll(() => page.evaluate(() => document.fullscreenElement === null)).toBe(true);

    // Find in the text: the word of page 2, with its context, and the viewer lands on page 2.
    await page.getByRole("searchbox", { name: "Im Text suchen" }).fill("wärmepumpe");
    await page.getByRole("button", { name: "Suchen" }).click();
    await page.getByText("1 Treffer für „wärmepumpe“").waitFor();
    expect(await gezeigteSeite(page)).toBe("Seite 2 von 3");
    const treffer = page.getByRole("list", { name: "Treffer für „wärmepumpe“" }).getByRole("button");
    expect(await treffer.innerText()).toMatch(/^Seite 2: .*Luft-Wasser-Wärmepumpe mit Fußbodenheizung/);
    expect(await treffer.locator("mark").innerText()).toBe("Wärmepumpe");
    expect(await uebersicht.getByRole("button", { name: /^Seite 2 von 3.*mit Treffer/ }).count()).toBe(1);
    await page.getByRole("searchbox", { name: "Im Text suchen" }).fill("Carport");
    await page.getByRole("button", { name: "Suchen" }).click();
    await page.getByText("„Carport“ kommt im Text nicht vor.").waitFor();
    expect(await axe(page)).toEqual([]);

    // A new version needs its reason: refused at the field without one, then kept and listed.
    const v2 = mehrseitigesPdf(
      [
        ["Bauantrag nach § 64 LBauO", "unterschrieben von Katrin Schröder"],
        ["Baubeschreibung", "unverändert"],
      ],
      "Bauantrag",
    );
    await page
      .locator("#upload-datei")
      .setInputFiles({ name: "bauantrag-unterschrieben.pdf", mimeType: "application/pdf", buffer: v2 });
    await page.getByRole("button", { name: "Hochladen" }).click();
    await page.getByText("Bitte geben Sie an, warum Sie eine neue Version hochladen.").first().waitFor();
    expect(await page.getByLabel(/^Grund der neuen Version/).getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel(/^Grund der neuen Version/).fill("Unterschriebene Fassung");
    await page
      .locator("#upload-datei")
      .setInputFiles({ name: "bauantrag-unterschrieben.pdf", mimeType: "application/pdf", buffer: v2 });
    await page.getByRole("button", { name: "Hochladen" }).click();
    await erfolgsmeldung(page, "Version 2 gespeichert.");
    const liste = page.getByRole("list", { name: "Versionen" });
    await liste.getByText("Grund: Unterschriebene Fassung").waitFor();
    expect(await liste.getByRole("listitem").first().innerText()).toMatch(
      /^Version 2[\s\S]*Grund: Unterschriebene Fassung/,
    );
    // The viewer follows the new version: two pages.
    expect(await gezeigteSeite(page)).toBe("Seite 1 von 2");
    expect(await axe(page)).toEqual([]);
    expect(fehler).toEqual([]);
    await page.context().close();
  });

  it("works on a 390 px phone: thumbnails give way, buttons are large enough, no axe findings", async () => {
    const { width, height } = BREITEN[1];
    const page = await angemeldet(browser, server.url, "mueller", { viewport: { width, height } });
    await page.goto(`${server.url}/dokumente/${dokumentId}`);
    await page.getByRole("heading", { name: "Bauantrag Einfamilienhaus Lindenweg 12" }).waitFor();
    expect(await gezeigteSeite(page)).toMatch(/^Seite 1 von \d$/);
    expect(await page.getByRole("navigation", { name: "Seitenübersicht" }).isVisible()).toBe(false);
    // The page fits the phone's width: no sideways scrolling of the whole page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    for (const name of ["Vorherige Seite", "Nächste Seite", "Vergrößern", "Drehen", "Vollbild"]) {
      const b = (await page.getByRole("button", { name, exact: true }).boundingBox())!;
      expect(b.height, name).toBeGreaterThanOrEqual(44);
      expect(b.width, name).toBeGreaterThanOrEqual(44);
    }
    await page.getByRole("button", { name: "Nächste Seite" }).click();
    expect(await gezeigteSeite(page)).toMatch(/^Seite 2 von \d$/);
    expect(await axe(page)).toEqual([]);
    await bildschirmfoto(page, "betrachter-telefon");
    await page.context().close();
  });
});
