import fs from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { einfachesPdf } from "../../src/server/demo/pdf.js";
import { heute, plusTage } from "../../src/server/platform/clock.js";
import {
  axe,
  browserVoraussetzung,
  DEMO_PASSWORT,
  erfolgsmeldung,
  SCREENSHOT_DIR,
  startBrowser,
  startWebServer,
  VersetzbareUhr,
  type WebServer,
} from "../helpers/browser.js";

const browserDa = browserVoraussetzung();

const uhr = new VersetzbareUhr();
let server: WebServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

async function als(benutzername: string): Promise<Page> {
  const page = await (
    await browser.newContext({
      locale: "de-DE",
      timezoneId: "Europe/Berlin",
      viewport: { width: 1280, height: 900 },
    })
  ).newPage();
  await page.goto(`${server.url}/`);
  await page.getByLabel("Benutzername").fill(benutzername);
  await page.getByLabel("Passwort", { exact: true }).fill(DEMO_PASSWORT);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await page.getByRole("heading", { name: /Guten Tag/ }).waitFor();
  return page;
}

/** Opens the Vorgang from the Postkorb entry in the given category. */
async function ausDemPostkorb(page: Page, kategorie: RegExp, zeichen: string): Promise<void> {
  await page.getByRole("button", { name: kategorie }).click();
  await page
    .getByRole("link", { name: new RegExp(zeichen.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")) })
    .first()
    .click();
  await page.getByRole("heading", { name: `Vorgang ${zeichen}` }).waitFor();
}

describe.runIf(browserDa)("Geschäftsgang im Browser (Chromium)", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    server = await startWebServer(uhr);
    ({ browser, close: closeBrowser } = await startBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it("Bescheid: Mitzeichnung Umweltamt und Kämmerei (mit Änderungen), Zeichnung i. V., Abgang, zdA, Wiedervorlage", async () => {
    const { rows } = await server.ctx.db.query<{ id: string; zeichen: string }>(
      `SELECT v.id, a.aktenzeichen || '-' || v.nr AS zeichen FROM vorgang v JOIN akte a ON a.id = v.akte_id
       WHERE a.aktenzeichen LIKE '63.10-%' AND v.status = 'in_bearbeitung' ORDER BY a.lfdnr, v.nr LIMIT 1`,
    );
    const vorgang = rows[0]!;

    // mueller drafts the Bescheid and starts the route from the Bauaufsicht's template.
    const mueller = await als("mueller");
    await mueller.goto(`${server.url}/vorgaenge/${vorgang.id}`);
    await mueller.locator("summary", { hasText: "Dokument hinzufügen" }).click();
    await mueller.getByLabel("Dokumenttyp").selectOption("Entwurf");
    await mueller.getByLabel(/^Titel/).fill("Baugenehmigung Lindenweg 12");
    await mueller.locator("#upload-datei").setInputFiles({
      name: "bescheid.pdf",
      mimeType: "application/pdf",
      buffer: einfachesPdf(["Baugenehmigung", "Lindenweg 12"]),
    });
    await mueller.getByRole("button", { name: "Hochladen" }).click();
    // The upload stays on the Vorgang: the draft is in the table, the message leads to it.
    await erfolgsmeldung(mueller, "Dokument „Baugenehmigung Lindenweg 12“ hinzugefügt.");
    await mueller.getByRole("link", { name: "Baugenehmigung Lindenweg 12", exact: true }).waitFor();
    await mueller.locator("summary", { hasText: "Geschäftsgang starten" }).click();
    await mueller.getByLabel(/^Entwurf/).selectOption({ label: "Baugenehmigung Lindenweg 12 (Entwurf)" });
    await mueller
      .getByLabel(/^Laufwegvorlage/)
      .selectOption({ label: "Bescheid mit Mitzeichnung (Umweltamt, Kämmerei)" });
    await mueller.getByRole("button", { name: "Geschäftsgang starten" }).click();
    const gestartet = await erfolgsmeldung(mueller, "Geschäftsgang gestartet.");
    await gestartet.getByText(/Mitzeichnung an Postkorb Umweltamt/).waitFor();
    await mueller.getByText("Postkorb Umweltamt (70)").first().waitFor();
    // A Wiedervorlage for tomorrow.
    const morgen = plusTage(heute(uhr), 1);
    await mueller.locator("summary", { hasText: "Wiedervorlage setzen" }).click();
    await mueller.getByLabel(/^Wiedervorlage am/).fill(morgen);
    await mueller.getByLabel(/^Notiz/).fill("Rücklauf Bescheid prüfen");
    await mueller.getByRole("button", { name: "Wiedervorlage setzen" }).click();
    await erfolgsmeldung(mueller, /^Wiedervorlage am \d\d\.\d\d\.\d{4} für Jürgen Müller gesetzt\./, {
      mitLink: false,
    });
    await mueller.getByText(/Rücklauf Bescheid prüfen/).waitFor();
    expect(await axe(mueller)).toEqual([]);
    await mueller.context().close();

    // Umweltamt: from the OE's Postkorb, take the step and agree.
    const wagner = await als("wagner");
    await ausDemPostkorb(wagner, /^Zur Mitzeichnung: 1/, vorgang.zeichen);
    await wagner.getByRole("button", { name: /^Übernehmen/ }).click();
    await erfolgsmeldung(wagner, "Mitzeichnung übernommen.");
    await wagner.getByText(/übernommen von Lena Wagner/).waitFor();
    // The task is on top: the first tab stops after the heading reach it.
    await wagner.getByRole("heading", { name: /^Ihre Aufgabe: Mitzeichnung/ }).waitFor();
    await wagner.getByRole("button", { name: "Zustimmen", exact: true }).click();
    // Agreeing asks first; cancelling changes nothing.
    const frage = wagner.getByRole("dialog", { name: "Jetzt zustimmen?" });
    await frage.getByText(/dem Entwurf „Baugenehmigung Lindenweg 12“/).waitFor();
    await frage.getByRole("button", { name: "Abbrechen" }).click();
    await frage.waitFor({ state: "hidden" });
    await wagner.getByRole("button", { name: "Zustimmen", exact: true }).click();
    await frage.getByRole("button", { name: "Zustimmen" }).click();
    await wagner.getByText(/mitgezeichnet von Lena Wagner/).waitFor();
    // The result is visible, has the focus, and leads on to the next Postkorb entry.
    const ergebnis = await erfolgsmeldung(wagner, "Erledigt – Mitzeichnung: zugestimmt.", { mitLink: false });
    await ergebnis.getByText(/Nächster Eintrag im Postkorb|Ihr Postkorb ist leer/).waitFor();
    await wagner.context().close();

    // Kämmerei: agrees with changes, the changed draft becomes version 2.
    const koch = await als("koch");
    await ausDemPostkorb(koch, /^Zur Mitzeichnung: 1/, vorgang.zeichen);
    await koch.getByRole("button", { name: "Mit Änderungen zustimmen" }).first().click();
    await koch.getByLabel(/^Begründung/).fill("Gebühr nach Tarifstelle 2.1");
    await koch.getByLabel("Geänderte Fassung des Entwurfs").setInputFiles({
      name: "bescheid-v2.pdf",
      mimeType: "application/pdf",
      buffer: einfachesPdf(["Baugenehmigung", "Gebühr 420,00 Euro"]),
    });
    await koch.getByRole("button", { name: "Mit Änderungen zustimmen" }).last().click();
    await koch.getByText(/mitgezeichnet mit Änderungen von Stefan Koch/).waitFor();
    await koch.context().close();

    // schmidt is away; the Bauaufsicht's standard deputy (the Dezernent) steps in.
    const schmidt = await als("schmidt");
    // Absence lives in the profile menu now.
    await schmidt.getByRole("button", { name: /Profil und Einstellungen/ }).click();
    await schmidt.getByRole("link", { name: "Abwesenheit und Vertretung" }).click();
    await schmidt.getByRole("heading", { name: "Mein Konto", level: 1 }).waitFor();
    await schmidt.getByLabel(/^Abwesend von/).fill(heute(uhr));
    await schmidt.getByLabel(/^Abwesend bis/).fill(plusTage(heute(uhr), 5));
    await schmidt.getByRole("button", { name: "Abwesenheit eintragen" }).click();
    await erfolgsmeldung(schmidt, /^Abwesenheit vom .* eingetragen\./, { mitLink: false });
    await schmidt.getByText(/vertreten durch die Standardvertretung der OE/).waitFor();
    await schmidt.context().close();

    const hoffmann = await als("hoffmann");
    await hoffmann.getByText("Sie vertreten heute").waitFor();
    await hoffmann.getByRole("button", { name: /^Zur Zeichnung: 1/ }).click();
    await hoffmann.getByRole("cell", { name: "i. V. für Thomas Schmidt" }).waitFor();
    expect(await axe(hoffmann)).toEqual([]);
    await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
    await hoffmann.screenshot({
      path: path.join(SCREENSHOT_DIR, "postkorb-vertretung-1280.png"),
      fullPage: true,
    });
    await ausDemPostkorb(hoffmann, /^Zur Zeichnung: 1/, vorgang.zeichen);
    await hoffmann.getByRole("button", { name: "Zeichnen", exact: true }).click();
    await hoffmann
      .getByRole("dialog", { name: "Jetzt zeichnen?" })
      .getByRole("button", { name: "Zeichnen" })
      .click();
    await hoffmann.getByText(/gezeichnet von Björn Hoffmann i\. V\. für Thomas Schmidt/).waitFor();
    await hoffmann.context().close();

    // mueller: Abgang by post, then zdA.
    const wieder = await als("mueller");
    await ausDemPostkorb(wieder, /^Zu bearbeiten: 1/, vorgang.zeichen);
    await wieder.getByRole("button", { name: "Abgang vermerken" }).first().click();
    await wieder.getByLabel(/^Weg des Abgangs/).selectOption("Post");
    await wieder.getByRole("button", { name: "Abgang vermerken" }).last().click();
    await wieder.getByText(/abgesandt von Jürgen Müller/).waitFor();
    await wieder.getByRole("button", { name: "zdA verfügen" }).click();
    await wieder.getByText("abgeschlossen", { exact: true }).waitFor();
    await wieder.getByRole("link", { name: /^Verfügung zum Geschäftsgang/ }).waitFor();
    expect(await axe(wieder)).toEqual([]);
    await wieder.screenshot({
      path: path.join(SCREENSHOT_DIR, "geschaeftsgang-abgeschlossen-1280.png"),
      fullPage: true,
    });

    // Every step is in the Akte's Protokoll, the Zeichnung "i. V.".
    const { rows: akte } = await server.ctx.db.query<{ akte_id: string }>(
      "SELECT akte_id FROM vorgang WHERE id = $1",
      [vorgang.id],
    );
    await wieder.goto(`${server.url}/akten/${akte[0]!.akte_id}`);
    await wieder.getByRole("tab", { name: "Protokoll" }).click();
    await wieder.getByText("Geschäftsgang abgeschlossen").waitFor();
    expect(await wieder.getByText("Schritt erledigt").count()).toBe(5);
    expect(await wieder.getByText(/i\. V\. für Thomas Schmidt/).count()).toBeGreaterThanOrEqual(1);
    await wieder.context().close();

    // The next day the Wiedervorlage is in mueller's Postkorb.
    uhr.vorstellen(24 * 3600 * 1000);
    const morgenSeite = await als("mueller");
    await morgenSeite.getByRole("button", { name: /^Wiedervorlagen fällig: 1/ }).click();
    await morgenSeite.getByText("Rücklauf Bescheid prüfen").waitFor();
    await morgenSeite.context().close();
  }, 180_000);
});
