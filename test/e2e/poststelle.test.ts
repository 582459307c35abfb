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

describe.runIf(browserDa)("Poststelle (Chromium)", { timeout: 240_000 }, () => {
  beforeAll(async () => {
    server = await startWebServer();
    ({ browser, close: closeBrowser } = await startBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  for (const breite of BREITEN) {
    it(`${breite.name}: scans three letters into three Ämter chosen by name, forwards a misdirected one, sees the day's distribution`, async () => {
      const page = await als("post", breite);
      await page.goto(`${server.url}/posteingang`);
      const ziele = [
        ["bau", "Bauaufsicht"],
        ["jugend", "Jugendamt"],
        ["kämmerei", "Kämmerei"],
      ] as const;
      for (const [eingabe, amt] of ziele) {
        await waehleAus(page, /^Posteingang der Organisationseinheit/, eingabe, new RegExp(amt));
        const datei = `${breite.name}-${amt}.txt`;
        await page.locator("#posteingang-dateien").setInputFiles({
          name: datei,
          mimeType: "text/plain",
          buffer: Buffer.from(`Schreiben an ${amt}`),
        });
        await page.getByRole("button", { name: "In den Posteingang" }).click();
        await page.getByRole("button", { name: `Bearbeiten: ${datei}` }).waitFor();
      }
      // The letter for the Kämmerei was about waste fees: it goes on to the Eigenbetrieb Abfallwirtschaft.
      await page.getByRole("button", { name: `Bearbeiten: ${breite.name}-Kämmerei.txt` }).click();
      await page.locator("summary", { hasText: "An eine andere OE weiterleiten" }).click();
      await waehleAus(page, /^An den Posteingang von/, "abfall", /Abfallwirtschaft/);
      await page.getByRole("button", { name: "Weiterleiten", exact: true }).click();
      const heute = page.getByRole("region", { name: "Heute verteilt" });
      await heute.getByText(`${breite.name}-Kämmerei.txt → EAW Eigenbetrieb Abfallwirtschaft`).waitFor();
      await heute.getByText(`${breite.name}-Bauaufsicht.txt → 63 Bauaufsicht`).waitFor();
      await heute.getByText(`${breite.name}-Jugendamt.txt → 51 Jugendamt`).waitFor();
      expect(await axe(page)).toEqual([]);
      await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({
        path: path.join(SCREENSHOT_DIR, `poststelle-${breite.width}x${breite.height}.png`),
        fullPage: true,
      });
      await page.context().close();
      const { rows } = await server.ctx.db.query<{ kuerzel: string }>(
        `SELECT o.kuerzel FROM posteingang_eintrag e JOIN organisationseinheit o ON o.id = e.oe_id
         WHERE e.dateiname = $1`,
        [`${breite.name}-Kämmerei.txt`],
      );
      expect(rows).toEqual([{ kuerzel: "EAW" }]);
    });
  }
});
