import fs from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { einfachesPdf } from "../../src/server/demo/pdf.js";
import { getBenutzer, loadActor } from "../../src/server/modules/access/index.js";
import { starteGeschaeftsgang } from "../../src/server/modules/workflow/geschaeftsgang-start.service.js";
import { createDokument } from "../../src/server/modules/schriftgut/index.js";
import { erkenneInhaltstyp } from "../../src/server/platform/dateieingang/index.js";
import { Readable } from "node:stream";
import {
  axe,
  browserVoraussetzung,
  erfolgsmeldung,
  SCREENSHOT_DIR,
  startBrowser,
  startWebServer,
  type WebServer,
  angemeldet,
} from "../helpers/browser.js";

const browserDa = browserVoraussetzung();

let server: WebServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

async function alsTelefon(benutzername: string): Promise<Page> {
  return angemeldet(browser, server.url, benutzername, {
    viewport: { width: 390, height: 844 },
    hasTouch: true,
    isMobile: true,
  });
}

describe.runIf(browserDa)("Die Aufgabe oben, auf dem Telefon (Chromium)", { timeout: 180_000 }, () => {
  beforeAll(async () => {
    server = await startWebServer();
    ({ browser, close: closeBrowser } = await startBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it("the co-signer agrees from the banner and the Leitung signs from the banner, both on a 390 px phone", async () => {
    const ctx = server.ctx;
    const { rows } = await ctx.db.query<{ id: string; zeichen: string }>(
      `SELECT v.id, a.aktenzeichen || '-' || v.nr AS zeichen FROM vorgang v JOIN akte a ON a.id = v.akte_id
       WHERE v.betreff = 'Bauantrag Carport'`,
    );
    const vorgang = rows[0]!;
    const mueller = await loadActor(ctx.db, await getBenutzer(ctx, "mueller"), "sitzung");
    const bytes = einfachesPdf(["Bescheid Carport", "Genehmigungsfreistellung bestätigt"]);
    const entwurf = await createDokument(
      ctx,
      mueller,
      vorgang.id,
      { typ: "Entwurf", titel: "Bescheid Carport" },
      {
        stored: await ctx.blobs.put(Readable.from([bytes])),
        dateiname: "bescheid.pdf",
        originaldateiname: "bescheid.pdf",
        mimeTyp: await erkenneInhaltstyp(bytes),
      },
    );
    await starteGeschaeftsgang(ctx, mueller, vorgang.id, {
      dokument: entwurf.id,
      schritte: [
        { art: "Mitzeichnung", adressat: { benutzer: "koch" } },
        { art: "Zeichnung", adressat: { benutzer: "schmidt" } },
      ],
    });

    const koch = await alsTelefon("koch");
    await koch.goto(`${server.url}/vorgaenge/${vorgang.id}`);
    const aufgabe = koch.getByRole("region", { name: /^Ihre Aufgabe: Mitzeichnung/ });
    await aufgabe.getByRole("link", { name: /„Bescheid Carport“ ansehen/ }).waitFor();
    // The task is the first thing below the heading: its action lies above the documents.
    const oben = await aufgabe.boundingBox();
    const dokumente = await koch.getByRole("heading", { name: "Dokumente" }).boundingBox();
    expect(oben!.y).toBeLessThan(dokumente!.y);
    await aufgabe.getByRole("button", { name: "Zustimmen", exact: true }).click();
    await koch
      .getByRole("dialog", { name: "Jetzt zustimmen?" })
      .getByRole("button", { name: "Zustimmen" })
      .click();
    // The result is visible where the task was, has the focus, and leads on to the next entry.
    const ergebnis = await erfolgsmeldung(koch, "Erledigt – Mitzeichnung: zugestimmt.", { mitLink: false });
    await ergebnis.getByText(/Nächster Eintrag im Postkorb|Ihr Postkorb ist leer/).waitFor();
    expect(await axe(koch)).toEqual([]);
    await koch.context().close();

    const schmidt = await alsTelefon("schmidt");
    await schmidt.goto(`${server.url}/vorgaenge/${vorgang.id}`);
    const zeichnung = schmidt.getByRole("region", { name: /^Ihre Aufgabe: Zeichnung/ });
    await zeichnung.getByRole("button", { name: "Zeichnen", exact: true }).click();
    const frage = schmidt.getByRole("dialog", { name: "Jetzt zeichnen?" });
    await frage.getByText(/den Entwurf „Bescheid Carport“ abschließend/).waitFor();
    expect(await axe(schmidt)).toEqual([]);
    await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
    await schmidt.screenshot({ path: path.join(SCREENSHOT_DIR, "zeichnen-bestaetigen-390x844.png") });
    await frage.getByRole("button", { name: "Zeichnen" }).click();
    await erfolgsmeldung(schmidt, "Erledigt – Zeichnung: gezeichnet.", { mitLink: false });
    await schmidt.screenshot({
      path: path.join(SCREENSHOT_DIR, "gezeichnet-390x844.png"),
      fullPage: true,
    });
    await schmidt.context().close();
    const { rows: gez } = await ctx.db.query<{ gezeichnet: boolean }>(
      "SELECT gezeichnet_am IS NOT NULL AS gezeichnet FROM dokument WHERE id = $1",
      [entwurf.id],
    );
    expect(gez).toEqual([{ gezeichnet: true }]);
  });
});
