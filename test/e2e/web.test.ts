import { readFile } from "node:fs/promises";
import fs from "node:fs/promises";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { einfachesPdf } from "../../src/server/demo/pdf.js";
import {
  axe,
  browserVoraussetzung,
  anmeldenAuf,
  erfolgsmeldung,
  fehlermeldung,
  SCREENSHOT_DIR,
  startBrowser,
  startWebServer,
  waehleAus,
  type WebServer,
} from "../helpers/browser.js";

const browserDa = browserVoraussetzung();

let server: WebServer;
let browser: Browser;
let closeBrowser: () => Promise<void>;

async function anmelden(page: Page, benutzername: string): Promise<void> {
  await anmeldenAuf(page, server.url, benutzername);
}

async function screenshots(page: Page, name: string): Promise<void> {
  await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-1280x800.png`), fullPage: true });
  await page.setViewportSize({ width: 375, height: 812 });
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}-375x812.png`), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
}

describe.runIf(browserDa)("Web-Client im Browser (Chromium)", { timeout: 120_000 }, () => {
  beforeAll(async () => {
    server = await startWebServer();
    ({ browser, close: closeBrowser } = await startBrowser());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
  });

  it("journey: login → Aktenplan → new Akte → new Vorgang → upload PDF → view → new version → download → logout", async () => {
    const context = await browser.newContext({
      acceptDownloads: true,
      viewport: { width: 1280, height: 800 },
      locale: "de-DE",
      timezoneId: "Europe/Berlin",
    });
    const page = await context.newPage();
    const fehler: string[] = [];
    page.on("pageerror", (e) => fehler.push(String(e)));
    await anmelden(page, "mueller");

    await page.getByRole("link", { name: "Aktenplan" }).click();
    await page.getByLabel("Im Aktenplan suchen").fill("Baugenehm");
    await page
      .getByRole("button", { name: /63\.10 Baugenehmigungen/ })
      .first()
      .click();
    await page.getByRole("link", { name: "Akte hier anlegen" }).click();
    await page.getByRole("heading", { name: "Neue Akte" }).waitFor();
    // Without a Betreff: the error summary takes the focus, the field says what is missing.
    await page.getByRole("button", { name: "Akte anlegen" }).click();
    await fehlermeldung(page, "Die Eingabe ist ungültig.");
    expect(await page.getByLabel(/^Betreff/).getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel(/^Betreff/).fill("Anbau Wintergarten, Mühlenstraße 5");
    await page.getByRole("button", { name: "Akte anlegen" }).click();
    // The new Akte is announced where the form is, with the focus on it and the way to it.
    const neueAkte = await erfolgsmeldung(page, /^Akte 63\.10-\d{4}\/\d{4} angelegt\./);
    await neueAkte.getByRole("link", { name: /^Akte 63\.10-\d{4}\/\d{4} öffnen$/ }).click();
    await page.getByRole("heading", { name: /^Akte 63\.10-\d{4}\/\d{4}$/ }).waitFor();
    const akteUrl = page.url();

    await page.getByRole("tab", { name: "Vorgänge" }).click();
    await page.getByLabel("Betreff des Vorgangs").fill("Bauantrag Wintergarten");
    await page.getByLabel(/^Bauvorhaben/).fill("Wintergarten am Wohnhaus");
    await page.getByLabel(/^Rohbaukosten/).fill("24.500,00");
    await page.getByRole("button", { name: "Vorgang anlegen" }).click();
    const neuerVorgang = await erfolgsmeldung(page, /^Vorgang 63\.10-\S+ angelegt\./);
    // The table of the Akte has the new Vorgang too.
    await page.getByRole("link", { name: "Bauantrag Wintergarten", exact: true }).waitFor();
    await neuerVorgang.getByRole("link", { name: /^Vorgang 63\.10-\S+ öffnen$/ }).click();
    await page.getByRole("heading", { name: /^Vorgang 63\.10-/ }).waitFor();

    const pdf = einfachesPdf([
      "Bauantrag Wintergarten",
      "Sehr geehrte Damen und Herren,",
      "anbei der Antrag mit Lageplan.",
    ]);
    await page.locator("summary", { hasText: "Dokument hinzufügen" }).click();
    await page.getByLabel("Dokumenttyp").selectOption("Eingang");
    await page.getByLabel(/^Titel/).fill("Bauantrag");
    await page
      .locator("#upload-datei")
      .setInputFiles({ name: "bauantrag.pdf", mimeType: "application/pdf", buffer: pdf });
    await page.getByRole("button", { name: "Hochladen" }).click();
    const hochgeladen = await erfolgsmeldung(page, "Dokument „Bauantrag“ hinzugefügt.");
    await page.getByRole("link", { name: "Bauantrag", exact: true }).waitFor();
    await hochgeladen.getByRole("link", { name: "„Bauantrag“ ansehen" }).click();
    await page.getByRole("heading", { name: "Bauantrag" }).waitFor();
    await expect
      .poll(
        () =>
          page
            .locator("img.betrachter__seite[alt='Seite 1 von 1']")
            .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)
            .catch(() => false),
        { timeout: 15_000 },
      )
      .toBe(true);

    const v2 = einfachesPdf(["Bauantrag Wintergarten", "Korrigierte Fassung."]);
    await page.getByLabel(/^Grund der neuen Version/).fill("Korrigierte Fassung");
    await page
      .locator("#upload-datei")
      .setInputFiles({ name: "bauantrag-v2.pdf", mimeType: "application/pdf", buffer: v2 });
    await page.getByRole("button", { name: "Hochladen" }).click();
    const neueVersion = await erfolgsmeldung(page, "Version 2 gespeichert.");
    await page.getByText("Version 2", { exact: true }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      neueVersion.getByRole("link", { name: "Version 2 herunterladen" }).click(),
    ]);
    const file = await download.path();
    expect((await readFile(file)).equals(v2)).toBe(true);
    expect(download.suggestedFilename()).toBe("bauantrag-v2.pdf");

    await page.getByRole("button", { name: /Profil und Einstellungen/ }).click();
    await page.getByRole("button", { name: "Abmelden" }).click();
    await page.getByRole("heading", { name: "Anmeldung" }).waitFor();
    await page.goto(akteUrl);
    await page.getByRole("heading", { name: "Anmeldung" }).waitFor();
    expect(fehler).toEqual([]);
    await context.close();
  });

  it("does not let a clerk of another Amt reach the Akte by URL", async () => {
    const { rows } = await server.ctx.db.query<{ id: string }>(
      "SELECT id FROM akte WHERE aktenzeichen LIKE '63.10-%' ORDER BY lfdnr LIMIT 1",
    );
    const page = await (await browser.newContext({ locale: "de-DE" })).newPage();
    await anmelden(page, "weber");
    await page.goto(`${server.url}/akten/${rows[0]!.id}`);
    await page.getByRole("heading", { name: "Akte nicht gefunden" }).waitFor();
    expect(await page.getByText("Neubau eines Einfamilienhauses").count()).toBe(0);
    await page.close();
  });

  it("Posteingang: an e-mail dropped on the zone is registered into a new Vorgang and reads as a sanitised letter", async () => {
    const page = await (await browser.newContext({ locale: "de-DE", timezoneId: "Europe/Berlin" })).newPage();
    await anmelden(page, "mueller");
    await page.goto(`${server.url}/posteingang`);
    await page.getByRole("heading", { name: "Offene Eingänge" }).waitFor();
    const eml = [
      "From: Anna Bauer <anna.bauer@example.de>",
      "To: bauaufsicht@kreis.example",
      "Subject: Nachreichung Lageplan",
      "MIME-Version: 1.0",
      'Content-Type: multipart/alternative; boundary="b"',
      "",
      "--b",
      "Content-Type: text/plain; charset=utf-8",
      "",
      "Anbei der Lageplan.",
      "--b",
      "Content-Type: text/html; charset=utf-8",
      "",
      '<p>Anbei der <b>Lageplan</b> für das Vorhaben.</p><img src="https://tracker.example/p.gif" alt="">' +
        '<script>document.title="gehackt"</script>',
      "--b--",
      "",
    ].join("\r\n");
    // A real drop event with a DataTransfer holding the file, as the browser makes it.
    const ablage = await page.evaluateHandle((text) => {
      const dt = new DataTransfer();
      dt.items.add(new File([text], "nachreichung.eml", { type: "message/rfc822" }));
      return dt;
    }, eml);
    await page.dispatchEvent('[data-testid="posteingang-ablage"]', "drop", { dataTransfer: ablage });
    await page.getByRole("button", { name: "Bearbeiten: nachreichung.eml" }).click();

    const { rows } = await server.ctx.db.query<{ aktenzeichen: string; id: string }>(
      "SELECT aktenzeichen, id FROM akte WHERE aktenzeichen LIKE '63.10-%' ORDER BY lfdnr LIMIT 1",
    );
    await page.getByLabel("In einen neuen Vorgang einer Akte").check();
    await waehleAus(
      page,
      /^Akte/,
      rows[0]!.aktenzeichen,
      new RegExp(`^${rows[0]!.aktenzeichen.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`),
    );
    // The Akte's Aktenplaneinheit brings its typed fields.
    await page.getByLabel(/^Bauvorhaben/).waitFor();
    await page.getByLabel(/^Betreff des neuen Vorgangs/).fill("Nachreichungen");
    await page.getByLabel(/^Bauvorhaben/).fill("Einfamilienhaus");
    await page.getByLabel(/^Absender – optional/).fill("Anna Bauer");
    await page.getByRole("button", { name: "Registrieren" }).click();
    await page.getByRole("button", { name: "Bearbeiten: nachreichung.eml" }).waitFor({ state: "detached" });
    // The item has left the list; the message above it leads to the new Vorgang and has the focus.
    const registriert = await erfolgsmeldung(page, /^„nachreichung\.eml“ registriert in Vorgang 63\.10-/);
    expect(await registriert.getByRole("link", { name: /^Vorgang 63\.10-\S+ öffnen$/ }).count()).toBe(1);

    const { rows: dok } = await server.ctx.db.query<{ id: string; betreff: string; absender: string }>(
      `SELECT d.id, v.betreff, d.absender FROM dokument d JOIN vorgang v ON v.id = d.vorgang_id
       WHERE d.titel = 'nachreichung' AND v.akte_id = $1`,
      [rows[0]!.id],
    );
    expect(dok).toEqual([{ id: expect.any(String), betreff: "Nachreichungen", absender: "Anna Bauer" }]);
    await page.goto(`${server.url}/dokumente/${dok[0]!.id}`);
    const brief = page.frameLocator('iframe[title^="Inhalt der E-Mail"]');
    await brief.getByText("für das Vorhaben").waitFor();
    expect(await brief.locator("script, img").count()).toBe(0);
    await page.getByText("Externe Bilder wurden zum Schutz vor Nachverfolgung nicht geladen.").waitFor();
    expect(await page.title()).not.toContain("gehackt");
    await screenshots(page, "dokument-email");
    // axe cannot run inside a frame without scripts: it checks the page with the plain-text body.
    await page.getByRole("button", { name: "Als reinen Text anzeigen" }).click();
    await page.getByText("Anbei der Lageplan.").waitFor();
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  /** The first demo Akte of the Bauaufsicht with a Vorgang and a Dokument. */
  async function demoAkte(): Promise<{ id: string; vorgang: string; dokument: string }> {
    const { rows } = await server.ctx.db.query<{ id: string; vorgang: string; dokument: string }>(
      `SELECT a.id, v.id AS vorgang, d.id AS dokument FROM akte a JOIN vorgang v ON v.akte_id = a.id JOIN dokument d ON d.vorgang_id = v.id
       WHERE a.aktenzeichen LIKE '63.10-%' ORDER BY a.lfdnr, d.erstellt_am LIMIT 1`,
    );
    return rows[0]!;
  }

  /** A fresh page, and a check that runs axe on the loaded screen and keeps its screenshots. */
  async function barrierefreiheit() {
    const page = await (
      await browser.newContext({
        viewport: { width: 1280, height: 800 },
        locale: "de-DE",
        timezoneId: "Europe/Berlin",
      })
    ).newPage();
    const befunde: Record<string, string[]> = {};
    /** axe and a screenshot at the desk's width, then the same on a phone (tables scroll there). */
    const pruefe = async (name: string) => {
      await page.waitForLoadState("networkidle");
      await fs.mkdir(SCREENSHOT_DIR, { recursive: true });
      for (const [breite, hoehe] of [
        [1280, 800],
        [375, 812],
      ] as const) {
        await page.setViewportSize({ width: breite, height: hoehe });
        // Two frames: the layout of the new width, and what the page adjusts to it (scroll regions).
        await page.evaluate(
          () => new Promise((fertig) => requestAnimationFrame(() => requestAnimationFrame(fertig))),
        );
        befunde[breite === 1280 ? name : `${name}-${breite}`] = await axe(page);
        await page.screenshot({
          path: path.join(SCREENSHOT_DIR, `${name}-${breite}x${hoehe}.png`),
          fullPage: true,
        });
      }
      await page.setViewportSize({ width: 1280, height: 800 });
    };
    /** Every screen checked, and none with a violation. */
    const ohneBefund = () =>
      expect(befunde).toEqual(Object.fromEntries(Object.keys(befunde).map((k) => [k, []])));
    return { page, pruefe, ohneBefund, befunde };
  }

  it("has no axe violations (WCAG 2.1 A/AA) on the public screens and the clerk's Aktenplan and Akte, and keeps screenshots of each", async () => {
    const { page, pruefe, ohneBefund } = await barrierefreiheit();
    await page.goto(`${server.url}/`);
    await page.getByRole("heading", { name: "Anmeldung" }).waitFor();
    await pruefe("anmeldung");
    await page.goto(`${server.url}/barrierefreiheit`);
    await page.getByRole("heading", { name: "Erklärung zur Barrierefreiheit" }).waitFor();
    await pruefe("barrierefreiheit");

    await anmelden(page, "mueller");
    await pruefe("startseite");
    await page.goto(`${server.url}/aktenplan`);
    await page.getByLabel("Im Aktenplan suchen").fill("63.10");
    await page
      .getByRole("button", { name: /63\.10 Baugenehmigungen/ })
      .first()
      .click();
    await page.getByRole("link", { name: "Akte hier anlegen" }).waitFor();
    await pruefe("aktenplan");
    await page.goto(`${server.url}/akten/neu?einheit=63.10`);
    await page.getByRole("heading", { name: "Neue Akte" }).waitFor();
    await pruefe("akte-neu");
    const demo = await demoAkte();
    await page.goto(`${server.url}/akten/${demo.id}`);
    await page.getByRole("tab", { name: "Übersicht" }).waitFor();
    await pruefe("akte");
    for (const [tab, name] of [
      ["Vorgänge", "akte-vorgaenge"],
      ["Protokoll", "akte-protokoll"],
      ["Aufbewahrung", "akte-aufbewahrung"],
      ["Warum sehe ich das?", "akte-zugriff"],
    ] as const) {
      await page.getByRole("tab", { name: tab }).click();
      await pruefe(name);
    }
    ohneBefund();
    await page.close();
  });

  it("has no axe violations on the clerk's Vorgang, Dokument, Suche, Posteingang and help screens", async () => {
    const { page, pruefe, ohneBefund, befunde } = await barrierefreiheit();
    const demo = await demoAkte();
    await anmelden(page, "mueller");
    await page.goto(`${server.url}/vorgaenge/${demo.vorgang}`);
    await page.getByRole("heading", { name: /^Vorgang / }).waitFor();
    await pruefe("vorgang");
    // While the pages are still on their way, the viewer's loading text is readable on its dark ground.
    let freigeben = () => {};
    const unterwegs = new Promise<void>((weiter) => (freigeben = weiter));
    const pdf = "**/api/v1/dokumente/*/versionen/*/seiten";
    await page.route(pdf, async (route) => {
      await unterwegs;
      await route.continue();
    });
    // Opened from the Vorgang (within the app): the page sizes are asked for, not brought along.
    await page.locator(`main a[href="/dokumente/${demo.dokument}"]`).first().click();
    await page.getByText("Seiten werden geladen …").waitFor();
    befunde["dokument-laedt"] = await axe(page);
    freigeben();
    await page.locator("img.betrachter__seite").first().waitFor();
    await page.unroute(pdf);
    await pruefe("dokument");
    await page.goto(`${server.url}/suche?q=${encodeURIComponent("Antrag")}`);
    await page.getByRole("heading", { name: /Treffer/ }).waitFor();
    expect(await page.getByRole("link", { name: "Bauantrag Einfamilienhaus Lindenweg 12" }).count()).toBe(1);
    await pruefe("suche");
    await page.goto(`${server.url}/posteingang`);
    await page.getByRole("heading", { name: "Offene Eingänge" }).waitFor();
    await page.getByText("Der Posteingang ist leer").waitFor();
    await pruefe("posteingang-leer");
    await page.locator("#posteingang-dateien").setInputFiles({
      name: "anfrage.txt",
      mimeType: "text/plain",
      buffer: Buffer.from("Anfrage zum Bauantrag Lindenweg"),
    });
    await page.getByRole("button", { name: "In den Posteingang" }).click();
    await page.getByRole("button", { name: "Bearbeiten: anfrage.txt" }).click();
    await page.getByRole("combobox", { name: /^Vorgang$/ }).waitFor();
    // Words, not the API's values: how the item came in and how far its text recognition is.
    expect(await page.locator(".treffer__eintrag", { hasText: "anfrage.txt" }).innerText()).toMatch(
      /hochgeladen · .* · Texterkennung: (wartet|läuft|fertig|nicht verfügbar|fehlgeschlagen)\b/,
    );
    await pruefe("posteingang");
    // In the Postkorb the item is an „Eingang (hochgeladen)“, not an "upload".
    await page.goto(`${server.url}/`);
    await page.getByRole("cell", { name: "Eingang (hochgeladen)" }).first().waitFor();
    expect(await page.getByRole("cell", { name: "upload", exact: true }).count()).toBe(0);
    await page.goto(`${server.url}/glossar`);
    await page.getByRole("heading", { name: "Glossar" }).waitFor();
    await pruefe("glossar");
    await page.goto(`${server.url}/gibt-es-nicht`);
    await page.getByRole("heading", { name: "Seite nicht gefunden" }).waitFor();
    await pruefe("nicht-gefunden");

    ohneBefund();
    await page.close();
  });

  it("has no axe violations on the Administration's screens", async () => {
    const { page, pruefe, ohneBefund } = await barrierefreiheit();
    await anmelden(page, "admin");
    // The Startseite tells the Administration what the server lacks (as `aktenwerk doctor`).
    const betrieb = page.getByRole("region", { name: "Betrieb" });
    await betrieb.waitFor();
    expect(await betrieb.innerText()).toMatch(/Prüfungen in Ordnung|Hinweis|Fehler im Betrieb/);
    await pruefe("startseite-administration");
    await page.goto(`${server.url}/verwaltung`);
    await page.getByRole("heading", { name: "Verwaltung", level: 1 }).waitFor();
    await pruefe("verwaltung-oe");
    await page.getByRole("button", { name: "Benutzer und Rollen" }).click();
    await pruefe("verwaltung-benutzer");
    await page.getByRole("button", { name: "Bearbeiten: Jürgen Müller" }).click();
    await page.getByRole("heading", { name: "Jürgen Müller (mueller)" }).waitFor();
    await page.locator("summary", { hasText: "Rolle geben" }).click();
    const rolleGeben = page.getByRole("form", { name: "Rolle geben" });
    await waehleAus(page, /^Organisationseinheit/, "haupt", /Hauptamt/);
    await rolleGeben.getByLabel("Rolle", { exact: true }).selectOption("Lesen");
    await rolleGeben.getByRole("button", { name: "Rolle geben" }).click();
    await page
      .getByText(/^Lesen in /)
      .first()
      .waitFor();
    await pruefe("verwaltung-rollen");
    await page.getByRole("button", { name: "Geschäftsgang" }).click();
    await page.getByRole("heading", { name: "Laufwegvorlagen" }).waitFor();
    await page.getByText("Bescheid mit Mitzeichnung (Umweltamt, Kämmerei)").waitFor();
    await pruefe("verwaltung-geschaeftsgang");

    ohneBefund();
    await page.close();
  });

  it("has no axe violations on the Registratur's screens (Aktenplan import, Aussonderung)", async () => {
    const { page, pruefe, ohneBefund } = await barrierefreiheit();
    await anmelden(page, "registratur");
    await page.goto(`${server.url}/verwaltung`);
    await page.getByRole("heading", { name: "Aktenplan aus CSV importieren" }).waitFor();
    await page.getByLabel("CSV-Datei").setInputFiles({
      name: "aktenplan.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("kennzeichen;titel;uebergeordnet\n99.1;Ohne Eltern;99\n"),
    });
    await page.getByRole("button", { name: "Probelauf: Was würde sich ändern?" }).click();
    await page.getByText("Zeile 2, Spalte 3 (uebergeordnet):").waitFor();
    await pruefe("verwaltung-aktenplan-import");
    await page.goto(`${server.url}/aussonderung`);
    await page.getByRole("heading", { name: "1. Fällige Akten" }).waitFor();
    await page.getByText("Nichts fällig").waitFor();
    await pruefe("aussonderung");

    ohneBefund();
    await page.close();
  });
});
